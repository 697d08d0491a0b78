// GET /openapi.json against the real app: every route Hono has registered is described, and real
// answers of a real server on a seeded SQLite file validate against the described response schemas
// (ajv, JSON Schema 2020-12). A new route needs its description (its part's route-docs.ts) and one
// sample request in SAMPLES below.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { parseConfig, type Config } from '../config.js';
import { createContext } from '../context.js';
import { startServer, type RunningServer } from '../server.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { seedStore } from '../seed/seed-store.js';
import { openApiPath } from './document.js';

type Schema = Record<string, unknown>;
interface Operation {
  parameters: Array<{ name: string; in: string; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}
interface Sample {
  /** The described operation: `get /v1/reports/accounts/{accountId}`. */
  operation: string;
  path: string;
  init?: RequestInit;
}

const config: Config = parseConfig(JSON.parse(readFileSync(new URL('../../../uptake.config.json', import.meta.url), 'utf8')));
const project = config.projects[0]!;
const secret = { headers: { Authorization: `Bearer ${project.secretKey}` } };
const dir = mkdtempSync(join(tmpdir(), 'uptake-openapi-'));
const ajv = new Ajv2020({ allErrors: true });
let store: Store;
let server: RunningServer;
let doc: Document;

beforeAll(async () => {
  store = await openStore(join(dir, 'uptake.db'));
  await seedStore(store, project, { accounts: 5, days: 21, seed: 7 });
  server = await startServer(createContext(config, store), { host: '127.0.0.1', port: 0 });
  doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Document;
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const operations = (d: Document): string[] => Object.entries(d.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
const operation = (key: string): Operation => {
  const [method, path] = key.split(' ') as [string, string];
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${key} is not described`);
  return op;
};

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document describing exactly the routes registered in the app', () => {
    expect(doc.openapi).toBe('3.1.0');
    const app = createApp(createContext(config, store));
    // Middleware (app.use) is registered as method ALL; every other entry is a route.
    const registered = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`));
    expect(registered.size).toBeGreaterThan(10);
    expect(operations(doc).sort()).toEqual([...registered].sort());
  });

  it('describes the query of the reports and the body of POST /v1/batch', () => {
    const accounts = operation('get /v1/reports/accounts');
    expect(accounts.parameters.map((p) => p.name).sort()).toEqual(['format', 'from', 'period', 'surveyId', 'to']);
    expect(accounts.parameters.find((p) => p.name === 'format')!.schema).toEqual({ type: 'string', enum: ['json', 'csv'] });
    const batch = operation('post /v1/batch').requestBody!.content['application/json']!.schema as { required: string[] };
    expect(batch.required).toEqual(['batch']);
    expect(operation('get /v1/reports/accounts/{accountId}').parameters[0]).toMatchObject({ name: 'accountId', in: 'path', required: true });
  });

  it('request schemas accept the batch the server accepts and refuse the one it refuses', async () => {
    const validate = ajv.compile(operation('post /v1/batch').requestBody!.content['application/json']!.schema);
    const good = { writeKey: project.writeKey, batch: [{ type: 'track', event: 'Report Exported', userId: 'u-api', messageId: 'openapi-1', timestamp: new Date().toISOString() }] };
    const bad = { writeKey: project.writeKey, batch: 'not a list' };
    expect(validate(good), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate(bad)).toBe(false);
    const post = (body: unknown) => fetch(`${server.url}/v1/batch`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post(good)).status).toBe(200);
    expect((await post(bad)).status).toBe(400);
  });

  it('real answers validate against the described responses, for every described operation', async () => {
    const accounts = (await (await fetch(`${server.url}/v1/reports/accounts`, secret)).json()) as { accounts: Array<{ accountId: string }> };
    expect(accounts.accounts.length).toBe(5); // seeded 5 accounts, all first seen within the default 30-day window (21 days)
    const accountId = encodeURIComponent(accounts.accounts[0]!.accountId);
    const batch = { writeKey: project.writeKey, batch: [{ type: 'track', event: 'Report Exported', userId: 'u-api', groupId: 'acme', messageId: 'openapi-2', timestamp: new Date().toISOString() }] };
    const SAMPLES: Sample[] = [
      { operation: 'post /v1/batch', path: '/v1/batch', init: { method: 'POST', body: JSON.stringify(batch) } },
      { operation: 'post /v1/batch', path: '/v1/batch', init: { method: 'POST', body: JSON.stringify({ writeKey: 'wk_nope', batch: [] }) } },
      { operation: 'get /healthz', path: '/healthz' },
      { operation: 'get /metrics', path: '/metrics' },
      { operation: 'get /openapi.json', path: '/openapi.json' },
      { operation: 'get /v1/surveys', path: `/v1/surveys?writeKey=${project.writeKey}&userId=u-api&groupId=acme` },
      { operation: 'get /v1/surveys', path: `/v1/surveys?writeKey=${project.writeKey}` },
      { operation: 'get /v1/reports/overview', path: '/v1/reports/overview', init: secret },
      { operation: 'get /v1/reports/overview', path: '/v1/reports/overview' },
      { operation: 'get /v1/reports/accounts', path: '/v1/reports/accounts', init: secret },
      { operation: 'get /v1/reports/accounts', path: '/v1/reports/accounts?format=xml', init: secret },
      { operation: 'get /v1/reports/accounts', path: '/v1/reports/accounts?format=csv', init: secret },
      { operation: 'get /v1/reports/accounts/{accountId}', path: `/v1/reports/accounts/${accountId}`, init: secret },
      { operation: 'get /v1/reports/accounts/{accountId}', path: '/v1/reports/accounts/no-such-account', init: secret },
      { operation: 'get /v1/reports/features', path: '/v1/reports/features', init: secret },
      { operation: 'get /v1/reports/satisfaction', path: '/v1/reports/satisfaction', init: secret },
      { operation: 'get /v1/reports/retention', path: '/v1/reports/retention', init: secret },
      { operation: 'delete /v1/admin/users/{userId}', path: '/v1/admin/users/u-api', init: { ...secret, method: 'DELETE' } },
      { operation: 'get /dashboard', path: '/dashboard' },
      { operation: 'get /dashboard/', path: '/dashboard/' },
      { operation: 'get /dashboard/assets/{file}', path: '/dashboard/assets/no-such-file.js' },
      { operation: 'get /sdk/uptake.js', path: '/sdk/uptake.js' },
      { operation: 'get /sdk/uptake-surveys.js', path: '/sdk/uptake-surveys.js' },
    ];
    expect(new Set(SAMPLES.map((s) => s.operation))).toEqual(new Set(operations(doc)));

    for (const sample of SAMPLES) {
      const res = await fetch(`${server.url}${sample.path}`, sample.init);
      const described = operation(sample.operation).responses[String(res.status)];
      expect(described, `${sample.path} answered ${res.status}, which is not described`).toBeDefined();
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
      const content = described!.content;
      if (!content) continue; // e.g. 304: no body described
      if (type === 'application/json') {
        expect(content['application/json'], `${sample.path}: JSON answer not described`).toBeDefined();
        const validate = ajv.compile(content['application/json']!.schema);
        const body: unknown = await res.json();
        expect(validate(body), `${sample.path} (${res.status}): ${ajv.errorsText(validate.errors)}`).toBe(true);
      } else {
        expect(Object.keys(content), `${sample.path}: ${type} answer`).toContain(type);
      }
    }
  });
});
