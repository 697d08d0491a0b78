// `uptake-collector migrate` (SPEC §14) on a seeded SQLite database into a throwaway PostgreSQL one:
// every report is the same on both stores afterwards, ids go on after the copied ones, and a target
// that is not empty is refused with one line and exit code 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { REPORT_NAMES, runReport } from '../../src/reports/run-report.js';
import { seedStore } from '../../src/seed/seed-store.js';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/store.js';
import { scanEvents } from '../../src/storage/scan-events.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'collector', 'bin', 'uptake-collector.mjs');
const project = loadConfig(join(ROOT, 'uptake.config.json')).projects[0];
const NOW = Date.now();

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'migrate', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: undefined } });
  return { status: result.status, stdout: result.stdout, stderrLines: result.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn')) };
}

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

async function everyReport(store: Store): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const window = { from: new Date(NOW - 40 * 86_400_000).toISOString().slice(0, 10) };
  const metrics = 'activeAccounts,activeUsers,nps,csat,health,seatUtilization,breadth,stickiness,mrr,churnRate,activationRate,sessionsPerUserPerWeek';
  for (const name of REPORT_NAMES) if (name !== 'account' && name !== 'history') out[name] = await runReport(store, project, name, { ...window, ...(name === 'trends' ? { metrics } : {}) }, NOW);
  for (const account of await store.listAccounts(project.id)) {
    out[`account:${account.accountId}`] = await runReport(store, project, 'account', { ...window, accountId: account.accountId }, NOW);
    out[`history:${account.accountId}`] = await runReport(store, project, 'history', { ...window, accountId: account.accountId }, NOW);
  }
  out.accountsList = await store.listAccounts(project.id);
  out.events = await store.countEvents(project.id);
  return out;
}

describe.skipIf(!postgresAvailable())('uptake-collector migrate (SQLite → PostgreSQL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-migrate-'));
  const dbPath = join(dir, 'uptake.db');
  let server: PgServer;
  let seeded: { events: number; accounts: number };

  beforeAll(async () => {
    server = await startPgServer();
    const store = openSqliteStore(dbPath);
    try {
      const result = await seedStore(store, project, { accounts: 6, days: 30, seed: 7 });
      // COPY's text format escapes tab, newline, carriage return and backslash, and reads \N as NULL:
      // an event carrying each of them, and the literal string "\N", must arrive unchanged.
      const odd = { messageId: 'odd-text', type: 'track' as const, event: 'Odd\tname\r\nwith \\ and \\N', userId: null, anonymousId: '\\N', userKey: '\\N', groupId: null,
        timestamp: NOW - 86_400_000, receivedAt: NOW - 86_400_000, sessionId: null, properties: { note: 'tab\there \\N' }, traits: null, context: null };
      expect(await store.ingest(project.id, [odd])).toEqual({ accepted: 1, duplicateIndexes: [] });
      seeded = { events: result.events + 1, accounts: result.accounts };
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies a seeded database: every report equal on both stores', async () => {
    const url = await server.createDatabase();
    const run = cli(['--from', dbPath, '--to', url]);
    expect(run.stderrLines.filter((l) => !l.startsWith('migrate:'))).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^migrated .*: [\\d,]+ rows in \\d+ tables \\(${seeded.events.toLocaleString('en-US')} events\\)`));

    const sqlite = openSqliteStore(dbPath);
    const postgres = await openPostgresStore(url);
    try {
      const [a, b] = [await everyReport(sqlite), await everyReport(postgres)];
      // The fixture shows something: every seeded account, and all its events.
      expect((a.accountsList as unknown[]).length).toBe(seeded.accounts);
      expect(a.events).toBe(seeded.events);
      expect(b).toEqual(a);
      // The raw events too: the compact SQLite rows arrive decoded, ids, contexts and properties included.
      const [rawA, rawB] = [await collect(scanEvents(sqlite, project.id)), await collect(scanEvents(postgres, project.id))];
      expect(rawA.length).toBe(seeded.events);
      expect(rawB).toEqual(rawA);
      // New events go on after the copied ones (ids continue), and are counted once.
      const later = { messageId: 'after-migrate', type: 'track' as const, event: 'Report Exported', userId: 'u-new', anonymousId: null, userKey: 'u-new', groupId: null, timestamp: NOW, receivedAt: NOW, sessionId: null, properties: null, traits: null, context: null };
      expect(await postgres.ingest(project.id, [later])).toEqual({ accepted: 1, duplicateIndexes: [] });
      expect(await postgres.countEvents(project.id)).toBe(seeded.events + 1);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  }, 300_000);

  it('refuses a target that is not empty, writing nothing', async () => {
    const url = await server.createDatabase();
    const other = openSqliteStore(join(dir, 'small.db'));
    const tiny = { messageId: 'm1', type: 'track' as const, event: 'X', userId: 'u', anonymousId: null, userKey: 'u', groupId: null, timestamp: NOW, receivedAt: NOW, sessionId: null, properties: null, traits: null, context: null };
    await other.ingest(project.id, [tiny]);
    await other.close();
    expect(cli(['--from', join(dir, 'small.db'), '--to', url]).status).toBe(0);
    const again = cli(['--from', dbPath, '--to', url]);
    expect(again.status).toBe(2);
    expect(again.stderrLines).toEqual([expect.stringMatching(/^uptake-collector migrate: --to: the database is not empty \(table \w+ has rows\); migrate copies into an empty database only$/)]);
    const postgres = await openPostgresStore(url);
    try {
      expect(await postgres.countEvents(project.id)).toBe(1);
    } finally {
      await postgres.close();
    }
  }, 120_000);

  it('names a bad flag in one line with exit code 2', () => {
    expect(cli(['--from', join(dir, 'none.db'), '--to', 'postgres://x/y']).stderrLines).toEqual(['uptake-collector migrate: --from: no such file "' + join(dir, 'none.db') + '"']);
    expect(cli(['--from', dbPath, '--to', 'mysql://x/y'])).toMatchObject({ status: 2, stderrLines: ['uptake-collector migrate: --to: must be a postgres:// URL, got "mysql://x/y"'] });
  });
});
