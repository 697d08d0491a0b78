// Named, scoped tokens and the audit log over HTTP (SPEC §16), on a real collector and SQLite file.
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WRITE_KEY, startTestCollector, track, type TestCollector } from '../ingest/support.js';

const SECRET = 'sk_test_secret';
let c: TestCollector;

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const get = (path: string, key: string) => fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
const send = (method: string, path: string, key: string, body?: unknown) =>
  fetch(`${c.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

async function newToken(body: Record<string, unknown>, key = SECRET): Promise<{ id: string; token: string }> {
  const res = await send('POST', '/v1/admin/tokens', key, body);
  expect(res.status).toBe(201);
  return res.json();
}

beforeAll(async () => {
  c = await startTestCollector();
  const res = await c.post({
    writeKey: WRITE_KEY,
    batch: [
      track({ type: 'group', userId: 'ann', groupId: 'acme', traits: { name: 'Acme', plan: 'pro' }, timestamp: at(60) }),
      track({ userId: 'ann', groupId: 'acme', timestamp: at(59) }),
      track({ type: 'group', userId: 'gus', groupId: 'globex', traits: { name: 'Globex', plan: 'free' }, timestamp: at(58) }),
      track({ userId: 'gus', groupId: 'globex', timestamp: at(57) }),
      track({ type: 'identify', userId: 'erin-to-erase', traits: { email: 'erin@acme.test' }, timestamp: at(56) }),
    ],
  });
  expect(await res.json()).toMatchObject({ accepted: 5 });
});
afterAll(async () => {
  await c?.close();
});

describe('scopes', () => {
  it('reports:read opens every report and CSV, and is refused every admin action (403)', async () => {
    const { token } = await newToken({ name: 'Alice (PM)', scope: 'reports:read' });
    expect(token).toMatch(/^ut_[A-Za-z0-9_-]{43}$/);
    for (const path of ['/v1/reports/overview', '/v1/reports/accounts', '/v1/reports/accounts/globex', '/v1/reports/features', '/v1/reports/satisfaction', '/v1/reports/retention', '/v1/reports/accounts?format=csv']) {
      expect([path, (await get(path, token)).status]).toEqual([path, 200]);
    }
    const refused = [
      await send('DELETE', '/v1/admin/users/ann', token),
      await get('/v1/admin/tokens', token),
      await send('POST', '/v1/admin/tokens', token, { name: 'escalate', scope: 'admin' }),
      await get('/v1/admin/audit', token),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect((await refused[0].json()).error.code).toBe('forbidden');
  });

  it('admin does what the secret key does, tokens included', async () => {
    const { token } = await newToken({ name: 'Ops bot', scope: 'admin' });
    expect((await get('/v1/reports/overview', token)).status).toBe(200);
    const child = await newToken({ name: 'Made by the bot', scope: 'reports:read' }, token);
    expect((await get('/v1/reports/features', child.token)).status).toBe(200);
    expect((await get('/v1/admin/tokens', token)).status).toBe(200);
    expect((await get('/v1/admin/audit', token)).status).toBe(200);
    expect((await send('DELETE', '/v1/admin/users/nobody-here', token)).status).toBe(200);
  });

  it('a token narrowed to one account sees its row, its page, and nothing else', async () => {
    const { token } = await newToken({ name: 'Acme customer view', scope: 'reports:read', accountId: 'acme' });
    const accounts = await (await get('/v1/reports/accounts', token)).json();
    expect(accounts.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(['acme']);
    // The secret key still sees both active accounts.
    const all = await (await get('/v1/reports/accounts', SECRET)).json();
    expect(all.accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual(['acme', 'globex']);
    const csv = await (await get('/v1/reports/accounts?format=csv', token)).text();
    expect(csv.trim().split('\n')).toHaveLength(2); // header + acme
    expect(csv).not.toContain('globex');
    expect((await get('/v1/reports/accounts/acme', token)).status).toBe(200);
    const statuses = await Promise.all(['/v1/reports/accounts/globex', '/v1/reports/overview', '/v1/reports/features', '/v1/reports/satisfaction', '/v1/reports/retention'].map(async (p) => (await get(p, token)).status));
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    expect((await send('DELETE', '/v1/admin/users/ann', token)).status).toBe(403);
    // Closed by default: any other report path, even one added later, is refused; the account's own
    // sub-paths (its history) pass the guard (404 here: no such route in this build).
    expect((await get('/v1/reports/trends', token)).status).toBe(403);
    expect((await get('/v1/reports/accounts/globex/history', token)).status).toBe(403);
    expect((await get('/v1/reports/accounts/acme/history', token)).status).not.toBe(403);
  });

  it('refuses a bad request for a token, naming the field', async () => {
    const badScope = await send('POST', '/v1/admin/tokens', SECRET, { name: 'x', scope: 'write' });
    expect([badScope.status, (await badScope.json()).error.message]).toEqual([400, expect.stringMatching(/^scope:/)]);
    const noName = await send('POST', '/v1/admin/tokens', SECRET, { scope: 'admin' });
    expect((await noName.json()).error.message).toMatch(/^name:/);
    const narrowAdmin = await send('POST', '/v1/admin/tokens', SECRET, { name: 'x', scope: 'admin', accountId: 'acme' });
    expect((await narrowAdmin.json()).error.message).toMatch(/^account:/);
  });

  it('a write key, an unknown token or a made-up ut_ string opens nothing (401)', async () => {
    for (const key of [WRITE_KEY, 'ut_not_a_real_token_at_all_0000000000000000000', 'sk_test_secretX']) {
      expect((await get('/v1/reports/overview', key)).status).toBe(401);
    }
  });
});

describe('listing and revocation', () => {
  it('lists id, name, scope, account, created and last used, never the secret', async () => {
    const { id, token } = await newToken({ name: 'Listed', scope: 'reports:read', accountId: 'globex' });
    const before = await (await get('/v1/admin/tokens', SECRET)).json();
    expect(before.tokens.find((t: { id: string }) => t.id === id)).toEqual({ id, name: 'Listed', scope: 'reports:read', accountId: 'globex', createdAt: expect.any(String), lastUsedAt: null });
    expect(JSON.stringify(before)).not.toContain(token);
    await get('/v1/reports/accounts/globex', token);
    const after = await (await get('/v1/admin/tokens', SECRET)).json();
    const lastUsed = Date.parse(after.tokens.find((t: { id: string }) => t.id === id).lastUsedAt);
    expect(Date.now() - lastUsed).toBeLessThan(60_000);
  });

  it('a revoked token is refused on the very next request', async () => {
    const { id, token } = await newToken({ name: 'Leaving soon', scope: 'reports:read' });
    expect((await get('/v1/reports/overview', token)).status).toBe(200);
    const revoke = await send('DELETE', `/v1/admin/tokens/${id}`, SECRET);
    expect([revoke.status, await revoke.json()]).toEqual([200, { id, revoked: true }]);
    expect((await get('/v1/reports/overview', token)).status).toBe(401);
    expect((await send('DELETE', `/v1/admin/tokens/${id}`, SECRET)).status).toBe(404);
    await expect((await get('/v1/admin/tokens', SECRET)).json()).resolves.toMatchObject({ tokens: expect.not.arrayContaining([expect.objectContaining({ id })]) });
  });
});

describe('secrets stay secret', () => {
  it('never stores or logs a token in clear: the database holds its SHA-256 only', async () => {
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args) => void logged.push(args.join(' '))));
    const { token } = await newToken({ name: 'Never in clear', scope: 'admin' });
    await get('/v1/reports/overview', token);
    await get('/v1/admin/audit', token);
    await send('DELETE', '/v1/admin/users/nobody', token);
    for (const s of spies) s.mockRestore();
    expect(logged.join('\n')).not.toContain(token);

    const hash = createHash('sha256').update(token).digest('hex');
    const files = [c.dbPath, `${c.dbPath}-wal`].filter(existsSync).map((f) => readFileSync(f));
    expect(files.some((b) => b.includes(Buffer.from(token)))).toBe(false);
    expect(files.some((b) => b.includes(Buffer.from(hash)))).toBe(true);
  });
});

describe('audit log', () => {
  it('records erase and token changes with time, actor (never a secret) and target, newest first', async () => {
    const started = Date.now();
    const admin = await newToken({ name: 'Auditor', scope: 'admin' });
    const erase = await send('DELETE', '/v1/admin/users/erin-to-erase', admin.token);
    expect(erase.status).toBe(200);
    expect((await send('DELETE', `/v1/admin/tokens/${admin.id}`, SECRET)).status).toBe(200);

    const res = await get('/v1/admin/audit?limit=3', SECRET);
    const text = await res.text();
    const { entries } = JSON.parse(text);
    const erinDigest = createHash('sha256').update('erin-to-erase').digest('hex').slice(0, 16);
    expect(entries).toEqual([
      { at: expect.any(String), actor: { type: 'secretKey' }, action: 'token.revoked', target: `token:${admin.id}` },
      { at: expect.any(String), actor: { type: 'token', id: admin.id, name: 'Auditor' }, action: 'user.erased', target: `user:sha256:${erinDigest}` },
      { at: expect.any(String), actor: { type: 'secretKey' }, action: 'token.created', target: `token:${admin.id} (Auditor, admin)` },
    ]);
    for (const e of entries) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(started - 1000);
    // Neither secret nor the erased id is in the log.
    for (const secret of [admin.token, SECRET, 'erin-to-erase']) expect(text).not.toContain(secret);
    expect((await get('/v1/admin/audit?limit=0', SECRET)).status).toBe(400);
  });
});
