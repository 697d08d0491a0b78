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
  /** The status this request must get, when the sample is there for it. */
  status?: number;
}

const rawConfig = JSON.parse(readFileSync(new URL('../../../uptake.config.json', import.meta.url), 'utf8')) as { projects: Array<Record<string, unknown>> };
// One experiment (started 30 days ago) so its report has something to describe.
const started = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
rawConfig.projects[0]!.experiments = [{ key: 'new-export', variants: [{ key: 'control', weight: 50 }, { key: 'one-click', weight: 50 }], metrics: ['activation', 'nps'], start: started }];
// A webhook nobody listens on (port 9 refuses at once): a test notification's first attempt fails fast.
rawConfig.projects[0]!.notifications = { destinations: [{ id: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'whsec_openapi' }], allowInsecureDestinations: true, allowPrivateDestinations: true };
const config: Config = parseConfig(rawConfig);
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
    // The window, the format and the segment filters (SPEC §10); retention adds period, satisfaction surveyId.
    expect(accounts.parameters.map((p) => p.name).sort()).toEqual(['accounts', 'firstSeenFrom', 'firstSeenTo', 'format', 'from', 'health', 'plan', 'risk', 'to']);
    expect(operation('get /v1/reports/trends').parameters.find((p) => p.name === 'metrics')).toMatchObject({ in: 'query', required: true });
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

  it('routes validate requests with the schemas they are described by: a token body, the audit limit, a report format', async () => {
    const validate = ajv.compile(operation('post /v1/admin/tokens').requestBody!.content['application/json']!.schema);
    const create = async (body: unknown) => {
      const res = await fetch(`${server.url}/v1/admin/tokens`, { ...secret, method: 'POST', body: JSON.stringify(body) });
      return [res.status, res.status === 201 ? 'created' : ((await res.json()) as { error: { message: string } }).error.message.split(':')[0]];
    };
    const good = { name: 'CI export', scope: 'reports:read', account: 'acme' };
    expect(validate(good), ajv.errorsText(validate.errors)).toBe(true);
    expect(await create(good)).toEqual([201, 'created']);
    for (const [bad, field] of [[{ name: '', scope: 'admin' }, 'name'], [{ name: 'CI', scope: 'owner' }, 'scope'], [{ name: 'CI', scope: 'reports:read', accountId: '' }, 'account']] as const) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      expect(await create(bad)).toEqual([400, field]);
    }
    const limit = operation('get /v1/admin/audit').parameters.find((p) => p.name === 'limit')!.schema;
    expect(limit).toEqual({ type: 'integer', minimum: 1, maximum: 1000, default: 100 });
    for (const [value, status] of [['1000', 200], ['1001', 400], ['2.5', 400]] as const) {
      expect((await fetch(`${server.url}/v1/admin/audit?limit=${value}`, secret)).status, value).toBe(status);
    }
    const xml = await fetch(`${server.url}/v1/reports/experiments?format=xml`, secret);
    expect([xml.status, ((await xml.json()) as { error: { message: string } }).error.message]).toEqual([400, 'format: must be "json" or "csv", got "xml"']);
  });

  it('real answers validate against the described responses, for every described operation', async () => {
    const accounts = (await (await fetch(`${server.url}/v1/reports/accounts`, secret)).json()) as { accounts: Array<{ accountId: string }> };
    expect(accounts.accounts.length).toBe(5); // seeded 5 accounts, all first seen within the default 30-day window (21 days)
    const accountId = encodeURIComponent(accounts.accounts[0]!.accountId);
    const batch = { writeKey: project.writeKey, batch: [{ type: 'track', event: 'Report Exported', userId: 'u-api', groupId: 'acme', messageId: 'openapi-2', timestamp: new Date().toISOString() }] };
    const post = (body: unknown, init: RequestInit = {}): RequestInit => ({ ...init, method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
    const message = (id: string, fields: Record<string, unknown>) => ({ writeKey: project.writeKey, userId: 'u-api', groupId: 'acme', messageId: `openapi-${id}`, timestamp: new Date().toISOString(), ...fields });
    const createToken = async (body: Record<string, unknown>) => (await (await fetch(`${server.url}/v1/admin/tokens`, post(body, secret))).json()) as { id: string; token: string };
    const reader = await createToken({ name: 'OpenAPI reader', scope: 'reports:read' });
    const doomed = await createToken({ name: 'OpenAPI doomed', scope: 'admin' });
    const narrowed = await createToken({ name: 'OpenAPI acme', scope: 'reports:read', account: 'acme' });
    const asReader = { headers: { Authorization: `Bearer ${reader.token}` } };
    const sent = (await (await fetch(`${server.url}/v1/admin/notifications/test?destination=hook`, { ...secret, method: 'POST' })).json()) as { id: string };
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
      { operation: 'post /v1/track', path: '/v1/track', init: post(message('track', { event: '$experiment_exposure', properties: { experiment: 'new-export', variant: 'control' } })), status: 200 },
      { operation: 'post /v1/track', path: '/v1/track', init: post([message('track-list', { event: 'Listed' })]), status: 400 },
      { operation: 'post /v1/identify', path: '/v1/identify', init: post(message('identify', { traits: { email: 'api@example.com' } })), status: 200 },
      { operation: 'post /v1/identify', path: '/v1/identify', init: post(message('identify-bad-key', { writeKey: 'wk_nope' })), status: 401 },
      { operation: 'post /v1/group', path: '/v1/group', init: post(message('group', { traits: { name: 'Acme', plan: 'pro' } })), status: 200 },
      { operation: 'post /v1/group', path: '/v1/group', init: post('{"writeKey": not json'), status: 400 },
      { operation: 'post /v1/page', path: '/v1/page', init: post(message('page', { name: 'Reports', properties: { url: 'https://app.example.com/reports' } })), status: 200 },
      { operation: 'post /v1/page', path: '/v1/page', init: post(message('page-no-user', { userId: undefined })), status: 200 }, // 200 with the message rejected alone
      { operation: 'post /v1/page', path: '/v1/page', init: post({ name: 'Keyless' }), status: 401 },
      { operation: 'post /v1/screen', path: '/v1/screen', init: post(message('screen', { name: 'Home' })), status: 200 },
      { operation: 'post /v1/screen', path: '/v1/screen', init: post('"a string"'), status: 400 },
      { operation: 'post /v1/alias', path: '/v1/alias', init: post(message('alias', { previousId: 'anon-api' })), status: 200 },
      { operation: 'post /v1/alias', path: '/v1/alias', init: post(message('alias-bad-key', { writeKey: '' }), { headers: { 'X-Uptake-Write-Key': 'wk_nope' } }), status: 401 },
      { operation: 'get /v1/experiments/assign', path: `/v1/experiments/assign?writeKey=${project.writeKey}&groupId=acme`, status: 200 },
      { operation: 'get /v1/experiments/assign', path: '/v1/experiments/assign?groupId=acme', status: 401 },
      { operation: 'get /v1/reports/experiments', path: '/v1/reports/experiments', init: secret, status: 200 },
      { operation: 'get /v1/reports/experiments', path: '/v1/reports/experiments?format=csv', init: asReader, status: 200 },
      { operation: 'get /v1/reports/experiments', path: '/v1/reports/experiments?format=xml', init: secret, status: 400 },
      { operation: 'get /v1/reports/experiments/{key}', path: '/v1/reports/experiments/new-export', init: secret, status: 200 },
      { operation: 'get /v1/reports/experiments/{key}', path: '/v1/reports/experiments/no-such-experiment', init: secret, status: 404 },
      { operation: 'get /v1/reports/experiments/{key}', path: '/v1/reports/experiments/new-export', status: 401 },
      { operation: 'get /v1/admin/tokens', path: '/v1/admin/tokens', init: secret, status: 200 },
      { operation: 'get /v1/admin/tokens', path: '/v1/admin/tokens', init: asReader, status: 403 },
      { operation: 'post /v1/admin/tokens', path: '/v1/admin/tokens', init: post({ name: 'Acme customer', scope: 'reports:read', account: 'acme' }, secret), status: 201 },
      { operation: 'post /v1/admin/tokens', path: '/v1/admin/tokens', init: post({ name: 'Bad scope', scope: 'owner' }, secret), status: 400 },
      { operation: 'delete /v1/admin/tokens/{id}', path: `/v1/admin/tokens/${doomed.id}`, init: { ...secret, method: 'DELETE' }, status: 200 },
      { operation: 'delete /v1/admin/tokens/{id}', path: `/v1/admin/tokens/${doomed.id}`, init: { ...secret, method: 'DELETE' }, status: 404 }, // already revoked: 404
      { operation: 'get /v1/reports/trends', path: '/v1/reports/trends?metrics=activeAccounts,nps&interval=week', init: secret, status: 200 },
      { operation: 'get /v1/reports/trends', path: '/v1/reports/trends?metrics=activeAccounts&format=csv', init: secret, status: 200 },
      { operation: 'get /v1/reports/trends', path: '/v1/reports/trends', init: secret, status: 400 }, // metrics is required
      { operation: 'get /v1/reports/accounts/{accountId}/history', path: `/v1/reports/accounts/${accountId}/history?interval=week`, init: secret, status: 200 },
      { operation: 'get /v1/reports/accounts/{accountId}/history', path: '/v1/reports/accounts/no-such-account/history', init: secret, status: 404 },
      { operation: 'get /v1/reports/churn', path: '/v1/reports/churn?plan=pro,starter', init: secret, status: 200 },
      { operation: 'get /v1/reports/churn', path: '/v1/reports/churn?nope=1', init: secret, status: 400 },
      { operation: 'get /v1/reports/churn', path: '/v1/reports/churn', init: { headers: { Authorization: `Bearer ${narrowed.token}` } }, status: 403 },
      { operation: 'get /v1/admin/surveys/{id}/explain', path: '/v1/admin/surveys/nps-2026/explain?userId=u-api&groupId=acme', init: secret, status: 200 },
      { operation: 'get /v1/admin/surveys/{id}/explain', path: '/v1/admin/surveys/nps-2026/explain', init: secret, status: 400 },
      { operation: 'get /v1/admin/surveys/{id}/explain', path: '/v1/admin/surveys/nps-2026/explain?userId=u-api', init: asReader, status: 403 },
      { operation: 'get /v1/admin/surveys/{id}/reach', path: '/v1/admin/surveys/csat-payments/reach', init: secret, status: 200 },
      { operation: 'get /v1/admin/surveys/{id}/reach', path: '/v1/admin/surveys/no-such-survey/reach', init: secret, status: 404 },
      { operation: 'get /v1/admin/notifications', path: '/v1/admin/notifications?status=pending&limit=10', init: secret, status: 200 },
      { operation: 'get /v1/admin/notifications', path: '/v1/admin/notifications?status=lost', init: secret, status: 400 },
      { operation: 'post /v1/admin/notifications/evaluate', path: '/v1/admin/notifications/evaluate', init: { ...secret, method: 'POST' }, status: 200 },
      { operation: 'post /v1/admin/notifications/evaluate', path: '/v1/admin/notifications/evaluate', init: { ...asReader, method: 'POST' }, status: 403 },
      { operation: 'post /v1/admin/notifications/test', path: '/v1/admin/notifications/test?destination=hook', init: { ...secret, method: 'POST' }, status: 200 },
      { operation: 'post /v1/admin/notifications/test', path: '/v1/admin/notifications/test?destination=nope', init: { ...secret, method: 'POST' }, status: 400 },
      { operation: 'post /v1/admin/notifications/{id}/retry', path: `/v1/admin/notifications/${encodeURIComponent(sent.id)}/retry`, init: { ...secret, method: 'POST' }, status: 200 },
      { operation: 'post /v1/admin/notifications/{id}/retry', path: '/v1/admin/notifications/no-such/retry', init: { ...secret, method: 'POST' }, status: 404 },
      { operation: 'delete /v1/admin/users/{userId}', path: '/v1/admin/users/u-api', init: { ...secret, method: 'DELETE' }, status: 200 },
      { operation: 'get /v1/admin/audit', path: '/v1/admin/audit', init: secret, status: 200 },
      { operation: 'get /v1/admin/audit', path: '/v1/admin/audit?limit=0', init: secret, status: 400 },
      { operation: 'get /v1/admin/audit', path: '/v1/admin/audit', init: { headers: { Authorization: `Bearer ${doomed.token}` } }, status: 401 }, // revoked: 401
      { operation: 'get /dashboard', path: '/dashboard' },
      { operation: 'get /dashboard/', path: '/dashboard/' },
      { operation: 'get /dashboard/assets/{file}', path: '/dashboard/assets/no-such-file.js' },
      { operation: 'get /sdk/uptake.js', path: '/sdk/uptake.js' },
      { operation: 'get /sdk/uptake-surveys.js', path: '/sdk/uptake-surveys.js' },
      { operation: 'get /sdk/uptake-worker.js', path: '/sdk/uptake-worker.js' },
    ];
    expect(new Set(SAMPLES.map((s) => s.operation))).toEqual(new Set(operations(doc)));

    for (const sample of SAMPLES) {
      const res = await fetch(`${server.url}${sample.path}`, sample.init);
      if (sample.status !== undefined) expect(res.status, `${sample.init?.method ?? 'GET'} ${sample.path}`).toBe(sample.status);
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
