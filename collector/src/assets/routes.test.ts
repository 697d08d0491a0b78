import { mkdirSync, mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { assetsRoutes, CACHE_CONTROL, CACHE_CONTROL_VERSIONED } from './routes.js';
import { pickEncoding } from './static-bundle.js';

const SDK_SOURCE = '(function(){window.uptake={ok:true}})();\n'.repeat(50);
const WORKER_SOURCE = 'onmessage=()=>postMessage([0]);\n';
let root: string;
let app: Hono;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'uptake-assets-'));
  mkdirSync(join(root, 'sdk', 'dist'), { recursive: true });
  writeFileSync(join(root, 'sdk', 'dist', 'uptake.js'), SDK_SOURCE);
  writeFileSync(join(root, 'sdk', 'dist', 'uptake-worker.js'), WORKER_SOURCE);
  // survey-widget/dist is left unbuilt on purpose.
  app = new Hono();
  app.route('/', assetsRoutes({} as AppContext, { root }));
  // The same translation as createApp's onError.
  app.onError((err, c) => (err instanceof UptakeError ? c.json({ error: { code: err.code, message: err.message } }, err.status as 404) : c.text('boom', 500)));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('GET /sdk/uptake.js', () => {
  it('serves the built file as JavaScript, cached, with an ETag, to any origin', async () => {
    const response = await app.request('/sdk/uptake.js', { headers: { Origin: 'https://customer.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe(CACHE_CONTROL);
    expect(response.headers.get('ETag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Vary')).toBe('Accept-Encoding');
    expect(await response.text()).toBe(SDK_SOURCE);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const etag = (await app.request('/sdk/uptake.js')).headers.get('ETag')!;
    const response = await app.request('/sdk/uptake.js', { headers: { 'If-None-Match': `W/"other", ${etag}` } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
  });

  it('compresses with brotli or gzip as the client accepts', async () => {
    const br = await app.request('/sdk/uptake.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('Content-Encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(SDK_SOURCE);
    const gzip = await app.request('/sdk/uptake.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers.get('Content-Encoding')).toBe('gzip');
    const bytes = Buffer.from(await gzip.arrayBuffer());
    expect(bytes.length).toBeLessThan(SDK_SOURCE.length / 5);
    expect(gunzipSync(bytes).toString()).toBe(SDK_SOURCE);
  });

  it('is immutable when asked for with ?v= the content hash, revalidated otherwise', async () => {
    const etag = (await app.request('/sdk/uptake.js')).headers.get('ETag')!;
    const versioned = await app.request(`/sdk/uptake.js?v=${etag.slice(1, 13)}`);
    expect(versioned.headers.get('Cache-Control')).toBe(CACHE_CONTROL_VERSIONED);
    expect((await app.request('/sdk/uptake.js?v=stale')).headers.get('Cache-Control')).toBe(CACHE_CONTROL);
  });

  it('serves a rebuilt file without a restart, under a new ETag', async () => {
    const before = (await app.request('/sdk/uptake.js')).headers.get('ETag');
    const file = join(root, 'sdk', 'dist', 'uptake.js');
    writeFileSync(file, SDK_SOURCE + '//v2\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const response = await app.request('/sdk/uptake.js');
    expect(response.headers.get('ETag')).not.toBe(before);
    expect(await response.text()).toBe(SDK_SOURCE + '//v2\n');
  });
});

describe('GET /sdk/uptake-surveys.js', () => {
  it('answers 404 with the JSON error body while the widget is not built', async () => {
    const response = await app.request('/sdk/uptake-surveys.js');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('survey-widget/dist/uptake-surveys.js') } });
  });
});

describe('GET /sdk/uptake-worker.js', () => {
  it('serves the SDK delivery worker beside uptake.js: JavaScript any origin may fetch (to start it from a blob:) or load', async () => {
    const response = await app.request('/sdk/uptake-worker.js', { headers: { Origin: 'https://customer.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(response.headers.get('Cache-Control')).toBe(CACHE_CONTROL);
    expect(await response.text()).toBe(WORKER_SOURCE);
  });
});

describe('pickEncoding', () => {
  it('prefers br, then gzip, honours q=0', () => {
    expect(pickEncoding('gzip, br')).toBe('br');
    expect(pickEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(pickEncoding('*')).toBe('gzip');
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('deflate')).toBe('identity');
  });
});
