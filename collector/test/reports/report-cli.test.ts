// `uptake-collector report …` run as a real process against a real database, while a collector
// serves the same file.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONFIG, NOW, PREVIOUS_EVENTS, WINDOW, WINDOW_EVENTS } from './fixture.js';
import { startTestCollector, type TestCollector } from './report-server.js';

const BIN = fileURLToPath(new URL('../../bin/uptake-collector.mjs', import.meta.url));
let c: TestCollector;
let dir: string;
let configPath: string;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, UPTAKE_CONFIG: '', UPTAKE_DB: '' } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
const base = () => ['--config', configPath, '--db', c.dbPath, '--from', WINDOW.from, '--to', WINDOW.to];

beforeAll(async () => {
  c = await startTestCollector(FIXTURE_CONFIG, NOW);
  await c.send('wk_fixture', PREVIOUS_EVENTS);
  await c.send('wk_fixture', WINDOW_EVENTS);
  dir = mkdtempSync(join(tmpdir(), 'uptake-report-cli-'));
  configPath = join(dir, 'uptake.config.json');
  writeFileSync(configPath, JSON.stringify(FIXTURE_CONFIG));
});
afterAll(async () => {
  await c?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('uptake-collector report', () => {
  it('prints the same JSON as the HTTP API', async () => {
    const { code, stdout } = await cli(['report', 'accounts', ...base(), '--format', 'json']);
    expect(code).toBe(0);
    const http = await (await c.get(`/v1/reports/accounts?from=${WINDOW.from}&to=${WINDOW.to}`, 'sk_fixture_secret')).json();
    expect(JSON.parse(stdout)).toEqual(http);
  });

  it('prints CSV with a header and the formula guard', async () => {
    const { code, stdout } = await cli(['report', 'accounts', ...base(), '--format', 'csv']);
    expect(code).toBe(0);
    const lines = stdout.split('\r\n');
    expect(lines[0]).toMatch(/^accountId,name,plan,seats,mrr,activeUsers,/);
    expect(lines[3]).toMatch(/^delta,"'@Delta, Inc\.",free,/);
  });

  it('prints an aligned table by default', async () => {
    const { code, stdout } = await cli(['report', 'overview', ...base()]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^metric\s+value$/);
    expect(stdout).toMatch(/^activeAccounts\s+3$/m);
    expect(stdout).toMatch(/^nps\.score\s+66\.67$/m);
  });

  it('filters with --filter (repeatable, AND across filters) like the HTTP API', async () => {
    const { code, stdout } = await cli(['report', 'accounts', ...base(), '--format', 'json', '--filter', 'plan=pro,free', '--filter', 'trait.seats=4']);
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    // pro or free: acme, beta, delta; seats 4: delta
    expect(body.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(['delta']);
    expect(body.segment).toEqual({ plan: ['pro', 'free'], 'trait.seats': ['4'] });
  });

  it('prints trends and churn as CSV', async () => {
    const trends = await cli(['report', 'trends', ...base(), '--format', 'csv', '--metrics', 'activeAccounts', '--interval', 'week']);
    expect(trends.code).toBe(0);
    // one ISO week, 2026-03-02…03-09: acme, beta, delta
    expect(trends.stdout.split('\r\n')).toEqual(['start,end,activeAccounts', '2026-03-02T00:00:00.000Z,2026-03-09T00:00:00.000Z,3', '']);
    const churn = await cli(['report', 'churn', ...base(), '--format', 'csv']);
    expect(churn.code).toBe(0);
    expect(churn.stdout.split('\r\n')[1]).toMatch(/^gamma,Gamma,pro,5,300,/);
  });

  it.each([
    [['report', 'accounts', '--filter', 'health=great'], /--health: unknown band "great"/],
    [['report', 'accounts', '--filter', 'colour=red'], /--filter: unknown filter "colour"/],
    [['report', 'trends', '--metrics', 'nope'], /unknown metric "nope"/],
    [['report', 'bogus'], /unknown report "bogus"/],
    [['report', 'accounts', '--format', 'xml'], /--format: "xml"/],
    [['report', 'accounts', '--from', '2026-13-01'], /--from must be an ISO date/],
    [['report', 'accounts', '--frm', 'x'], /Unknown option '--frm'/],
    [['report', 'accounts', '--project', 'nope'], /--project: no project "nope"/],
  ])('refuses %j with one line and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await cli([...args, '--config', configPath, '--db', c.dbPath]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('refuses a missing database without creating it', async () => {
    const missing = join(dir, 'nothing-here', 'uptake.db');
    const { code, stderr } = await cli(['report', 'features', '--config', configPath, '--db', missing]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--db: no database at/);
    expect(existsSync(join(dir, 'nothing-here'))).toBe(false);
  });
});
