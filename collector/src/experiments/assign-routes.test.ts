// `/v1/experiments/assign` and the `experiments` of `/v1/surveys` against the real app and a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../app.js';
import { parseConfig } from '../config.js';
import { createContext } from '../context.js';
import { openSqliteStore, type SqliteStore } from '../storage/sqlite/sqlite-store.js';

const ORIGIN = 'https://app.example.com';
const NOW = Date.parse('2026-03-10T12:00:00Z');
const variants = [{ key: 'control', weight: 50 }, { key: 'one-click', weight: 50 }];
const config = parseConfig({
  projects: [{
    id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me', allowedOrigins: [ORIGIN],
    experiments: [
      { key: 'new-export', unit: 'account', variants, metrics: ['activation', 'nps'], start: '2026-03-01', end: null },
      { key: 'nps-2026', unit: 'user', variants, start: '2026-03-01', end: '2026-04-01' },
      { key: 'paused', unit: 'account', active: false, variants, start: '2026-03-01' },
      { key: 'later', unit: 'account', variants, start: '2026-04-01' },
    ],
  }],
});

let dir: string;
let store: SqliteStore;
let app: Hono;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uptake-assign-'));
  store = openSqliteStore(join(dir, 'uptake.db'));
  app = createApp(createContext(config, store, () => NOW));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const assign = async (params: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await app.request(`/v1/experiments/assign?${new URLSearchParams(params)}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};

describe('GET /v1/experiments/assign', () => {
  it('answers every experiment: the hash’s variant, or null (no account, inactive, not started)', async () => {
    // unitHash('acme:new-export') = 0.0855 < 0.5 → control; unitHash('user-42:nps-2026') = 0.672 → one-click (assign.test.ts vectors).
    const { status, headers, body } = await assign({ writeKey: 'wk_demo', groupId: 'acme', userId: 'user-42' });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({ assignments: { 'new-export': 'control', 'nps-2026': 'one-click', paused: null, later: null } });
    // globex: 0.834 → one-click. Without an account the account experiment is null.
    expect((await assign({ writeKey: 'wk_demo', groupId: 'globex' })).body.assignments['new-export']).toBe('one-click');
    expect((await assign({ writeKey: 'wk_demo', anonymousId: 'user-42' })).body.assignments).toEqual({ 'new-export': null, 'nps-2026': 'one-click', paused: null, later: null });
  });

  it('needs a known write key and an allowed origin, with CORS headers', async () => {
    expect((await assign({ groupId: 'acme' })).status).toBe(401);
    expect((await assign({ writeKey: 'nope', groupId: 'acme' })).status).toBe(401);
    expect((await assign({ writeKey: 'wk_demo' }, { origin: 'https://evil.example' })).status).toBe(403);
    const ok = await assign({ writeKey: 'wk_demo', groupId: 'acme' }, { origin: ORIGIN });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const pre = await app.request('/v1/experiments/assign', { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
  });

  it('sends the definitions with /v1/surveys, without metrics or names', async () => {
    const res = await app.request('/v1/surveys?writeKey=wk_demo&anonymousId=a1');
    const body = (await res.json()) as any;
    expect(body.experiments[0]).toEqual({ key: 'new-export', unit: 'account', active: true, variants, start: '2026-03-01', end: null });
    expect(body.experiments.map((e: any) => e.key)).toEqual(['new-export', 'nps-2026', 'paused', 'later']);
    expect(JSON.stringify(body.experiments)).not.toContain('metrics');
  });
});
