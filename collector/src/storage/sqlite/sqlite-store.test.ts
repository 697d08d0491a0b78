// Runs the shared Store contract suite against the SQLite store on a real file in a temp dir,
// plus what is specific to SQLite (migrations, reopen, busy database).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeStore, makeEvent } from '../store-suite.js';
import { DAY_MS, type FeatureAdoption } from '../store.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { MIGRATIONS } from './migrations.js';
import { PURGE_CHUNK_ROWS } from './purge.js';
import { WRITER_CHECKPOINT_PAGES } from './checkpoint-thread.js';
import { UptakeError } from '../../errors.js';
import { downgradeEvents } from './old-events-layout.js';

let dir = '';
describeStore(
  'sqlite',
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'uptake-store-'));
    return openSqliteStore(join(dir, 'uptake.db'));
  },
  async () => rmSync(dir, { recursive: true, force: true }),
);

describe('SQLite store', () => {
  const dirs: string[] = [];
  const tempDb = () => {
    const d = mkdtempSync(join(tmpdir(), 'uptake-store-'));
    dirs.push(d);
    return join(d, 'uptake.db');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('records applied migrations and keeps data across reopen', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    await store.ingest('p', [makeEvent()]);
    await store.close();
    const again = openSqliteStore(file);
    expect(await again.countEvents('p')).toBe(1);
    await again.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('backfills the feature, activity and session rollups when upgrading a version 1 database', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const day = 24 * 60;
    await store.ingest('p', [
      makeEvent({ at: 0, event: 'Export', groupId: 'acme', userId: 'a' }),
      makeEvent({ at: 9 * day, event: 'Export', groupId: 'acme', userId: 'a' }),
      makeEvent({ at: 9 * day + 1, event: 'Export', groupId: 'acme', userId: 'b' }),
      makeEvent({ at: 3 * day, event: 'Share', userId: 'loner' }),
      makeEvent({ at: 3 * day + 20, event: 'Share', userId: 'loner' }),
      makeEvent({ at: 9 * day + 5, type: 'page', event: null, groupId: 'acme', userId: 'b', sessionId: 's' }),
      makeEvent({ at: 9 * day + 45, type: 'page', event: null, groupId: 'acme', userId: 'b', sessionId: 's' }),
    ]);
    const D0 = Date.UTC(2026, 0, 5) / 86_400_000;
    const windows = [[D0, D0 + 10], [D0 + 1, D0 + 9], [D0 + 5, D0 + 10]] as const;
    const read = (s: SqliteStore) => Promise.all(windows.flatMap(([from, to]) => [
      s.featureAdoption('p', from, to), s.featureAdoption('p', from, to, 'acme'), s.activitySummary('p', from - 4, from, to),
      s.accountDays('p', from, to), s.sessionTotals('p', from, to), s.accountDayTotals('p', from, to),
    ]));
    const before = await read(store);
    await store.close();
    // What a collector of schema version 1 left behind: no rollups beyond those of version 1.
    const db = new Database(file);
    downgradeEvents(db);
    db.exec(`DROP TABLE feature_weeks; DROP INDEX account_days_by_account; DROP INDEX session_days_by_account;
      DROP INDEX survey_events_by_account; CREATE INDEX survey_events_by_account ON survey_events (project, account_id, ts);
      DROP TABLE feature_user_days; DROP TABLE feature_days; DROP INDEX user_days_by_account; DROP INDEX sessions_by_account;
      DROP TABLE feature_event_days; DROP TABLE user_activity; DROP TABLE session_days; ALTER TABLE account_days DROP COLUMN last_seen;
      DROP INDEX survey_events_by_time; ALTER TABLE survey_events DROP COLUMN choice; CREATE INDEX survey_events_by_time ON survey_events (project, ts);
      DELETE FROM schema_migrations WHERE version >= 2`);
    db.close();
    const upgraded = openSqliteStore(file);
    const after = await read(upgraded);
    await upgraded.close();
    expect(after).toEqual(before);
    expect(before[4]).toEqual([
      { accountId: null, sessions: 1, totalMs: 20 * 60_000 },
      { accountId: 'acme', sessions: 4, totalMs: 40 * 60_000 },
    ]);
    expect(before[3]).toEqual([
      { accountId: 'acme', day: D0, activeUsers: 1, lastSeen: Date.UTC(2026, 0, 5) },
      { accountId: 'acme', day: D0 + 9, activeUsers: 2, lastSeen: Date.UTC(2026, 0, 14) + 45 * 60_000 },
    ]);
    expect((before[6] as FeatureAdoption).users).toEqual([{ userKey: 'loner', accountId: null, events: ['Share'] }]);
    expect((before[13] as FeatureAdoption).accountTotals).toEqual([{ accountId: 'acme', event: 'Export', count: 2, firstUsed: Date.UTC(2026, 0, 14), lastUsed: Date.UTC(2026, 0, 14) + 60_000 }]);
    expect((before[12] as FeatureAdoption).users.map((u) => u.userKey).sort()).toEqual(['a', 'b']);
  });

  it('fills the per-account feature days from the per-user ones when upgrading a database of an earlier version', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const day = 24 * 60;
    // acme Export: a on days 0 and 9, b on day 12 (first days 0 and 12: not byte-aligned, 12 − 0 = 12); Share: b on day 3.
    await store.ingest('p', [
      makeEvent({ at: 0, event: 'Export', groupId: 'acme', userId: 'a' }),
      makeEvent({ at: 9 * day, event: 'Export', groupId: 'acme', userId: 'a' }),
      makeEvent({ at: 12 * day, event: 'Export', groupId: 'acme', userId: 'b' }),
      makeEvent({ at: 3 * day, event: 'Share', groupId: 'acme', userId: 'b' }),
      makeEvent({ at: 3 * day, event: 'Share', userId: 'loner' }),
    ]);
    const D0 = Date.UTC(2026, 0, 5) / 86_400_000;
    const read = async (s: SqliteStore) => (await s.accountFeatureDays('p', D0, D0 + 20)).map((r) => ({ ...r, days: { ...r.days, bits: [...r.days.bits] } }));
    const before = await read(store);
    await store.close();
    const db = new Database(file);
    db.exec('DROP TABLE account_feature_days; DELETE FROM schema_migrations WHERE version >= 43');
    db.close();
    const upgraded = openSqliteStore(file);
    const after = await read(upgraded);
    await upgraded.close();
    expect(after).toEqual(before);
    // Export {0, 9, 12} from day 0: bits 0, 9, 12 → bytes [0b1, 0b10010]; Share {3} from day 3: bit 0 → [0b1]. The loner has no account: no row.
    expect(after).toEqual([
      { accountId: 'acme', event: 'Export', days: { firstDay: D0, lastDay: D0 + 12, bits: [0b1, 0b10010] } },
      { accountId: 'acme', event: 'Share', days: { firstDay: D0 + 3, lastDay: D0 + 3, bits: [0b1] } },
    ]);
  });

  it('refuses a database from a newer collector', () => {
    const file = tempDb();
    openSqliteStore(file).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations VALUES (999, ?, 0)').run('future');
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this collector/);
  });

  it('answers storage_unavailable with Retry-After while another process holds the write lock, and stores nothing', async () => {
    const file = tempDb();
    const store = openSqliteStore(file, { busyTimeoutMs: 20 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const err = await store.ingest('p', [makeEvent()]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UptakeError);
    expect((err as UptakeError).code).toBe('storage_unavailable');
    expect((err as UptakeError).retryAfter).toBeGreaterThan(0);
    other.exec('ROLLBACK');
    other.close();
    expect(await store.countEvents('p')).toBe(0);
    expect((await store.ingest('p', [makeEvent()])).accepted).toBe(1);
    await store.close();
  });

  it('refuses writes after close and fails ping', async () => {
    const store = openSqliteStore(tempDb());
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'storage_unavailable' });
    await expect(store.ingest('p', [makeEvent()])).rejects.toMatchObject({ code: 'storage_unavailable' });
  });

  it('commits batches queued before close', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const pending = store.ingest('p', [makeEvent(), makeEvent()]);
    await store.close();
    expect((await pending).accepted).toBe(2);
    const again = openSqliteStore(file);
    expect(await again.countEvents('p')).toBe(2);
    await again.close();
  });

  it('purges old raw events in chunks between ingest commits: a batch sent during a long purge is not held up by it', async () => {
    const store = openSqliteStore(tempDb());
    const DAY_MIN = 24 * 60;
    try {
      // Six chunks of old events (the last one short), and one recent event that stays. (Compact rows
      // delete fast: fewer chunks could all finish before the batch reaches the writer.)
      const old = Array.from({ length: 5 * PURGE_CHUNK_ROWS + 7 }, (_, i) => makeEvent({ at: i % 60, userId: `u${i % 40}`, groupId: 'acme' }));
      await store.ingest('p', old);
      await store.ingest('p', [makeEvent({ at: 3 * DAY_MIN, groupId: 'acme' })]);
      const order: string[] = [];
      const purge = store.purgeEvents('p', Date.UTC(2026, 0, 6)).then((r) => (order.push('purge'), r));
      const ingest = store.ingest('p', [makeEvent({ at: 4 * DAY_MIN, groupId: 'acme' })]).then((r) => (order.push('ingest'), r));
      expect(await purge).toEqual({ events: old.length });
      expect(await ingest).toMatchObject({ accepted: 1 });
      // One DELETE would have finished before the batch's commit; chunks let the commit in between them.
      expect(order).toEqual(['ingest', 'purge']);
      expect(await store.countEvents('p')).toBe(2);
      // Rollups keep the purged history.
      expect((await store.accountDayTotals('p', Date.UTC(2026, 0, 5) / DAY_MS, Date.UTC(2026, 0, 10) / DAY_MS))[0]).toMatchObject({ accountId: 'acme' });
      expect(await store.purgeEvents('p', Date.UTC(2026, 0, 6))).toEqual({ events: 0 });
    } finally {
      await store.close();
    }
  });

  it('copies committed pages into the database file on its checkpoint thread, not in the writer\'s commits', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    try {
      await store.ingest('p', [makeEvent()]);
      const before = statSync(file).size;
      // ~300 pages of WAL: far below the writer's own automatic checkpoint (WRITER_CHECKPOINT_PAGES).
      for (let b = 0; b < 10; b++) await store.ingest('p', Array.from({ length: 100 }, (_, i) => makeEvent({ at: i, userId: `u${b}-${i}`, groupId: `a${i % 7}` })));
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before), { timeout: 5000, interval: 20 });
      const walPages = statSync(`${file}-wal`).size / 4096;
      expect(walPages).toBeLessThan(WRITER_CHECKPOINT_PAGES);
      expect(await store.countEvents('p')).toBe(1001);
    } finally {
      await store.close();
    }
  });
});
