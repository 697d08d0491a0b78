// The compact raw-event layout (compact-events.ts) and its migration (compact-events-migration.ts):
// events come back exactly as they were stored, an old-layout database converts with every report
// unchanged, an erase removes the user's dictionary entries but not those other events still use,
// and a seeded database stays under a measured bound of bytes per event.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { REPORT_NAMES, runReport } from '../../reports/run-report.js';
import { seedStore } from '../../seed/seed-store.js';
import { scanEvents } from '../scan-events.js';
import { makeEvent } from '../store-fixtures.js';
import type { NormalizedEvent, Store, StoredEventRow } from '../store.js';
import { downgradeEvents } from './old-events-layout.js';
import { openSqliteStore } from './sqlite-store.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const project = loadConfig(join(ROOT, 'uptake.config.json')).projects[0];
const T = Date.UTC(2026, 2, 2, 10);
const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-compact-'));
  dirs.push(dir);
  return join(dir, 'uptake.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function rows(store: Store, p: string): Promise<StoredEventRow[]> {
  const out: StoredEventRow[] = [];
  for await (const r of scanEvents(store, p)) out.push(r);
  return out;
}

/** What a stored event reads back as: the stored event with its account, without the JSON texts. */
const expected = (e: NormalizedEvent, accountId: string | null): StoredEventRow => {
  const { json: _json, ...rest } = e;
  return { ...rest, accountId };
};

/** Events that use every corner of the layout. */
function corners(): { events: NormalizedEvent[]; accounts: (string | null)[] } {
  const page = { path: '/invoices', url: 'https://app.example.com/invoices', title: 'Invoices' };
  const events = [
    // A UUID messageId (stored as 16 bytes), a session in the context, a page context, page properties.
    makeEvent({ messageId: '0190a5c4-7d1e-7cc2-9b1a-3f0e4d2c1b0a', type: 'page', event: 'Invoices', userId: 'u1', anonymousId: 'anon-1', groupId: 'acme',
      timestamp: T, receivedAt: T + 250, sessionId: 's-1', properties: page,
      context: { library: { name: 'uptake-js', version: '0.1.0' }, sessionId: 's-1', page, locale: 'en-GB' } }),
    // Same millisecond: its own id; attributed to acme through u1's last group (no groupId of its own).
    makeEvent({ messageId: 'plain-text-id', event: 'Invoice Sent', userId: 'u1', anonymousId: 'anon-1', timestamp: T, sessionId: 's-1', properties: { amount: 12.5, tags: ['a'] },
      context: { library: { name: 'uptake-js', version: '0.1.0' }, sessionId: 's-1', page } }),
    // An uppercase UUID stays text (it must read back as sent); anonymous only; no context.
    makeEvent({ messageId: '0190A5C4-7D1E-7CC2-9B1A-3F0E4D2C1B0B', type: 'page', event: null, userId: null, anonymousId: 'anon-2', timestamp: T + 1 }),
    // A numeric context.sessionId stays in the context as a number; an identify with traits.
    makeEvent({ messageId: 'm-identify', type: 'identify', event: null, userId: 'u2', anonymousId: null, groupId: null, timestamp: T + 2, sessionId: '42',
      traits: { email: 'u2@example.com' }, context: { sessionId: 42, page: 'not an object' } }),
    makeEvent({ messageId: 'm-empty-context', type: 'group', event: null, userId: 'u2', groupId: 'beta', timestamp: T + 3, traits: { plan: 'pro' }, context: {} }),
  ];
  return { events, accounts: ['acme', 'acme', null, null, 'beta'] };
}

describe('compact raw events', () => {
  it('reads every stored event back as it was stored, before and after migration 40 converts an old-layout database', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const { events, accounts } = corners();
    const group = makeEvent({ messageId: 'm-group', type: 'group', event: null, userId: 'u1', groupId: 'acme', timestamp: T - 1000, traits: { name: 'Acme' } });
    await store.ingest('p', [group]);
    expect(await store.ingest('p', events.map((e) => ({ ...e })))).toEqual({ accepted: 5, duplicateIndexes: [] });
    const want = [expected(group, 'acme'), ...events.map((e, i) => expected(e, accounts[i]))];
    expect(await rows(store, 'p')).toEqual(want);
    await store.close();

    const db = new Database(file);
    downgradeEvents(db);
    // The old layout: text columns and the user index.
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('events_by_user', 'events_by_time')").get()).toEqual({ n: 2 });
    expect(db.prepare("SELECT user_key, account_id FROM events WHERE message_id = 'plain-text-id'").get()).toEqual({ user_key: 'u1', account_id: 'acme' });
    db.close();

    const upgraded = openSqliteStore(file);
    try {
      expect(await rows(upgraded, 'p')).toEqual(want);
      // Deduplication goes on over the converted rows: a resend of every event stores nothing.
      expect(await upgraded.ingest('p', events.map((e) => ({ ...e })))).toEqual({ accepted: 0, duplicateIndexes: [0, 1, 2, 3, 4] });
      expect(await upgraded.countEvents('p')).toBe(6);
    } finally {
      await upgraded.close();
    }
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'events' AND type = 'index' ORDER BY name").pluck().all()).toEqual(['events_by_message']);
    check.close();
  });

  it('leaves every report and raw event of a seeded old-layout database unchanged by the conversion', async () => {
    const file = tempDb();
    const now = Date.UTC(2026, 5, 1);
    const everyReport = async (store: Store) => {
      const out: Record<string, unknown> = {};
      const window = { from: new Date(now - 30 * 86_400_000).toISOString().slice(0, 10) };
      const metrics = 'activeAccounts,activeUsers,nps,health,sessionsPerUserPerWeek';
      for (const name of REPORT_NAMES) if (name !== 'account' && name !== 'history') out[name] = await runReport(store, project, name, { ...window, ...(name === 'trends' ? { metrics } : {}) }, now);
      for (const a of await store.listAccounts(project.id)) out[`account:${a.accountId}`] = await runReport(store, project, 'account', { ...window, accountId: a.accountId }, now);
      out.raw = await rows(store, project.id);
      return out;
    };
    const store = openSqliteStore(file);
    const seeded = await seedStore(store, project, { accounts: 2, days: 20, seed: 3, now });
    const before = await everyReport(store);
    await store.close();
    expect((before.raw as unknown[]).length).toBe(seeded.events);
    const db = new Database(file);
    downgradeEvents(db);
    db.close();
    const upgraded = openSqliteStore(file);
    try {
      expect(await everyReport(upgraded)).toEqual(before);
    } finally {
      await upgraded.close();
    }
    // The old table's pages are given back at once (VACUUM at open), not left free in the file.
    const after = new Database(file, { readonly: true });
    const [free, pages] = [after.pragma('freelist_count', { simple: true }) as number, after.pragma('page_count', { simple: true }) as number];
    after.close();
    expect(free).toBeLessThan(pages / 10);
  }, 120_000);

  it("erases a user's dictionary entries, keeping an anonymous id another user's events still carry", async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const context = { page: { path: '/secret/a@example.com' }, sessionId: 'sess-a' };
    await store.ingest('p', [
      makeEvent({ userId: null, anonymousId: 'anon-shared', type: 'page', event: null, timestamp: T, sessionId: 'sess-a', context }),
      makeEvent({ userId: 'a', anonymousId: 'anon-shared', timestamp: T + 1, sessionId: 'sess-a', context }),
      makeEvent({ messageId: 'b-1', userId: 'b', anonymousId: 'anon-shared', timestamp: T + 2 }),
    ]);
    // a's events: the anonymous page view and a's own track (2); b's event stays with its anonymousId.
    expect(await store.deleteUser('p', 'a')).toEqual({ events: 2 });
    const left = await rows(store, 'p');
    expect(left.map((r) => [r.messageId, r.userId, r.anonymousId])).toEqual([['b-1', 'b', 'anon-shared']]);
    await store.close();
    const db = new Database(file, { readonly: true });
    // Left: the project, the event name, b and anon-shared (kind 3); nothing scoped to a or to anon-shared's history.
    expect(db.prepare('SELECT kind, value FROM dict ORDER BY kind, value').raw().all()).toEqual([[1, 'p'], [2, 'Report Exported'], [3, 'anon-shared'], [3, 'b']]);
    db.close();
  });

  it('keeps a seeded database under 240 bytes per stored event, rollups and indexes included', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const seeded = await seedStore(store, project, { accounts: 3, days: 60, seed: 1, now: Date.UTC(2026, 5, 1) });
    await store.close();
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    // Measured: 224 B per event on this seed (9 675 events; ~17 B of it is the first page of each of ~40 tables and
    // indexes, which a larger database spreads thinner). The layout before migration 40 took 650–670 B (docs/scale.md).
    expect(seeded.events).toBeGreaterThan(8000);
    expect(bytes / seeded.events).toBeLessThanOrEqual(240);
  }, 120_000);
});
