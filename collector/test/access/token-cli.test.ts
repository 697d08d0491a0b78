// `uptake-collector token create|list|revoke` against the database of a running collector: the token
// printed once works at once, `list` shows it, `revoke` ends it on the server's next request.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WRITE_KEY, runCli, startTestCollector, track, writeTestConfig, type TestCollector } from '../ingest/support.js';

let c: TestCollector;
let flags: string[];
beforeAll(async () => {
  c = await startTestCollector();
  flags = ['--config', writeTestConfig(c.dir), '--db', c.dbPath];
  const res = await c.post({ writeKey: WRITE_KEY, batch: [track({ type: 'group', userId: 'ann', groupId: 'acme', traits: { name: 'Acme' } }), track({ userId: 'ann', groupId: 'acme' })] });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await c?.close();
});

const reports = (token: string, path = '/v1/reports/overview') => fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

it('creates a token printed once, lists it, and revokes it effective on the next request', async () => {
  const created = await runCli(['token', 'create', ...flags, '--project', 'test', '--name', 'Alice (PM)', '--scope', 'reports:read', '--account', 'acme']);
  expect(created.code).toBe(0);
  const token = created.stdout.trim();
  expect(token).toMatch(/^ut_[A-Za-z0-9_-]{43}$/);
  expect(created.stderr).toMatch(/not shown again/);
  expect(await reports(token, '/v1/reports/accounts/acme')).toBe(200);
  expect(await reports(token)).toBe(403); // narrowed to acme

  const listed = await runCli(['token', 'list', ...flags, '--format', 'json']);
  const { tokens } = JSON.parse(listed.stdout);
  expect(tokens).toEqual([{ id: expect.stringMatching(/^tok_[0-9a-f]{12}$/), name: 'Alice (PM)', scope: 'reports:read', accountId: 'acme', createdAt: expect.any(String), lastUsedAt: expect.any(String) }]);
  expect(listed.stdout).not.toContain(token);
  const table = await runCli(['token', 'list', ...flags]);
  expect(table.stdout).toMatch(/^id\s+name\s+scope\s+account\s+created\s+last used/m);
  expect(table.stdout).toContain('Alice (PM)');

  const revoked = await runCli(['token', 'revoke', tokens[0].id, ...flags]);
  expect([revoked.code, revoked.stdout.trim()]).toEqual([0, `Revoked ${tokens[0].id} (project test).`]);
  expect(await reports(token, '/v1/reports/accounts/acme')).toBe(401);

  const audit = await (await fetch(`${c.url}/v1/admin/audit`, { headers: { authorization: 'Bearer sk_test_secret' } })).json();
  expect(audit.entries.map((e: { action: string; actor: unknown }) => [e.action, e.actor])).toEqual([
    ['token.revoked', { type: 'cli' }],
    ['token.created', { type: 'cli' }],
  ]);
});

it('refuses bad flags with one line naming the problem and exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['token', 'create', ...flags, '--name', 'x', '--scope', 'write'], /--scope: must be/],
    [['token', 'create', ...flags, '--scope', 'admin'], /--name is needed/],
    [['token', 'create', ...flags, '--name', 'x', '--scope', 'admin', '--account', 'acme'], /--account: only a reports:read token/],
    [['token', 'revoke', 'tok_nope', ...flags], /no active token "tok_nope"/],
    [['token', 'rotate', ...flags], /expected create, list or revoke/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    expect([r.code, r.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(r.stderr).toMatch(message);
  }
});
