import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { parseConfig } from '../config.js';
import { createContext } from '../context.js';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Store } from '../storage/store.js';
import { DASHBOARD_CSP } from './routes.js';

const collectorDir = fileURLToPath(new URL('../../', import.meta.url));
const builtIndex = join(collectorDir, 'dist', 'dashboard', 'index.html');

let dir: string;
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  // `npm test` builds before vitest; build here too when the test runs alone.
  if (!existsSync(builtIndex)) execFileSync(process.execPath, [join(collectorDir, 'scripts', 'build-dashboard.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'uptake-dashboard-'));
  store = openSqliteStore(join(dir, 'uptake.db'));
  const config = parseConfig({ projects: [{ id: 'demo', name: 'Demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me', allowedOrigins: [] }] });
  app = createApp(createContext(config, store));
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectSecurityHeaders(response: Response): void {
  expect(response.headers.get('Content-Security-Policy')).toBe(
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
}

describe('GET /dashboard', () => {
  it('serves the built page without a key, under the strict CSP', async () => {
    for (const path of ['/dashboard', '/dashboard/']) {
      const response = await app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
      expectSecurityHeaders(response);
      expect(await response.text()).toBe(readFileSync(builtIndex, 'utf8'));
    }
    expect(DASHBOARD_CSP).not.toContain('unsafe');
  });

  it('has no inline script or style in the page', async () => {
    const html = await (await app.request('/dashboard')).text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('serves the script and stylesheet the page names, with long caching and the CSP', async () => {
    const html = await (await app.request('/dashboard')).text();
    const script = /src="(\/dashboard\/assets\/dashboard-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    const stylesheet = /href="(\/dashboard\/assets\/dashboard-[A-Z0-9]+\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(stylesheet).toBeDefined();

    const js = await app.request(script!);
    expect(js.status).toBe(200);
    expect(js.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(js);
    const code = await js.text();
    expect(code).toContain('/v1/reports/overview');
    expect(code).not.toContain('innerHTML');

    const css = await app.request(stylesheet!);
    expect(css.status).toBe(200);
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.uplot');
  });

  it('answers 304 to a revalidation with the same ETag', async () => {
    const first = await app.request('/dashboard');
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('Cache-Control')).toBe('no-cache');
    const second = await app.request('/dashboard', { headers: { 'If-None-Match': etag! } });
    expect(second.status).toBe(304);
  });

  it('serves nothing outside the assets folder', async () => {
    for (const path of ['/dashboard/assets/..%2Findex.html', '/dashboard/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/dashboard/assets/.hidden.js', '/dashboard/assets/missing.js', '/dashboard/assets/x.json']) {
      const response = await app.request(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
