// The bulk path (import, seed, the benchmark dataset) must leave every table as the live path
// (`store.ingest`, what `POST /v1/batch` uses) leaves it: the same events are stored both ways into
// two real SQLite files, with different batch boundaries, and every table is compared row by row.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NormalizedEvent, StoredEventType } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'uptake-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 10, 2);

/** Small deterministic PRNG (mulberry32): the same history on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let seq = 0;
function event(type: StoredEventType, userId: string | null, at: number, more: Partial<NormalizedEvent> = {}): NormalizedEvent {
  const anonymousId = userId === null ? `anon-${at % 3}` : more.anonymousId ?? null;
  return {
    messageId: `m-${++seq}`, type, event: null, userId, anonymousId, userKey: userId ?? anonymousId!, groupId: null,
    timestamp: at, receivedAt: START + 40 * DAY, sessionId: null, properties: null, traits: null, context: null, ...more,
  };
}

/**
 * ~1 300 events: 3 accounts and 12 users over 16 days (identify and group calls with changing traits
 * and plans, pages, three features, explicit and implicit sessions, NPS answers, a user without
 * account, anonymous visitors later identified), then shuffled within windows of ~40 events (out of
 * order across batch boundaries) with ~5 % of the events repeated (duplicates).
 */
function history(): NormalizedEvent[] {
  const rand = prng(42);
  const accounts = ['acme', 'globex', 'initech'];
  const users = Array.from({ length: 12 }, (_, i) => ({ id: `u${i}`, account: accounts[i % 3] }));
  const out: NormalizedEvent[] = [];
  for (const u of users) {
    out.push(event('identify', u.id, START + 1000, { anonymousId: `anon-${u.id}`, traits: { role: u.id === 'u0' ? 'admin' : 'member', email: `${u.id}@x.test` } }));
    out.push(event('group', u.id, START + 2000, { groupId: u.account, traits: { name: u.account.toUpperCase(), plan: 'trial', seats: 3 } }));
  }
  for (let day = 0; day < 16; day++) {
    for (const u of users) {
      if (rand() < 0.25) continue;
      // One or two visits a day; within a visit, events 1–20 minutes apart (some gaps near 30 minutes).
      for (let visit = 0; visit < 1 + Math.floor(rand() * 2); visit++) {
        let at = START + day * DAY + Math.floor(rand() * 20) * HOUR + Math.floor(rand() * 3600) * 1000;
        const sessionId = rand() < 0.3 ? `s-${u.id}-${day}-${visit}` : null;
        for (let k = 0; k < 3 + Math.floor(rand() * 8); k++) {
          const r = rand();
          // Now and then an event names another account: sessions then start in one account or the other.
          const groupId = rand() < 0.5 ? (rand() < 0.2 ? accounts[(accounts.indexOf(u.account) + 1) % 3] : u.account) : null;
          if (r < 0.3) out.push(event('page', u.id, at, { event: 'Home', groupId, sessionId }));
          else out.push(event('track', u.id, at, { event: ['Report Exported', 'User Invited', 'Dashboard Viewed'][Math.floor(r * 3)], groupId, sessionId }));
          at += (1 + Math.floor(rand() * 34)) * MIN;
        }
      }
      if (day === 6 && u.id === 'u4') out.push(event('group', u.id, START + day * DAY + HOUR, { groupId: 'globex', traits: { plan: 'pro', seats: 10 } }));
      if (day === 8 && rand() < 0.5) {
        out.push(event('track', u.id, START + day * DAY + 21 * HOUR, { event: '$survey_shown', groupId: u.account, properties: { surveyId: 'nps', kind: 'nps' } }));
        out.push(event('track', u.id, START + day * DAY + 21 * HOUR + 5000, { event: '$survey_answered', groupId: u.account, properties: { surveyId: 'nps', kind: 'nps', score: Math.floor(rand() * 11) } }));
      }
    }
    out.push(event('page', null, START + day * DAY + 9 * HOUR, { event: 'Pricing' }));
    out.push(event('track', 'loner', START + day * DAY + 10 * HOUR, { event: 'Report Exported' }));
  }
  out.push(event('identify', 'u1', START + 5 * DAY, { anonymousId: 'anon-1', traits: { role: 'admin' } }));
  // A late identify older than the stored role: it must not overwrite it.
  out.push(event('identify', 'u0', START + 500, { traits: { role: 'viewer' } }));
  // Out of order: shuffle within windows of 40, then repeat ~5 % of the events later in the stream.
  for (let i = 0; i < out.length; i += 40) {
    const w = out.slice(i, i + 40);
    for (let j = w.length - 1; j > 0; j--) {
      const k = Math.floor(rand() * (j + 1));
      [w[j], w[k]] = [w[k], w[j]];
    }
    out.splice(i, w.length, ...w);
  }
  const dup = out.filter(() => rand() < 0.05).map((e) => ({ ...e }));
  for (const e of dup) out.splice(Math.floor(rand() * out.length), 0, e);
  return out;
}

/** Every table the write path fills, as sorted rows (row ids left out: they depend on insertion order). */
function tables(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    const names = [
      'events', 'users', 'accounts', 'account_users', 'user_links', 'user_days', 'account_days', 'user_activity', 'feature_usage',
      'feature_user_days', 'account_feature_days', 'feature_days', 'feature_weeks', 'feature_event_days', 'first_events', 'sessions', 'session_days', 'survey_events', 'plan_changes',
    ];
    for (const name of names) {
      const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(name) as string[]).filter((c) => c !== 'id');
      // A session moved to another day by a later batch leaves its first day's row at 0 sessions, 0 ms
      // on the live path (one delta per batch); the bulk path, with fewer transactions, may not have that row.
      const where = name === 'session_days' ? 'WHERE sessions <> 0 OR total_ms <> 0' : '';
      const list = columns.map((c) => `"${c}"`).join(', ');
      out[name] = db.prepare(`SELECT ${list} FROM "${name}" ${where} ORDER BY ${list}`).raw().all();
    }
    return out;
  } finally {
    db.close();
  }
}

describe('bulk path', () => {
  // Shared: a commit (flush) every 5 batches of 37. Exclusive: the whole history in one transaction.
  // In time order (an export's order; its duplicates next to their first copy), batches of 300: runs of
  // events go in one statement, and a run holding a duplicate goes one by one.
  it.each([
    { mode: 'shared', exclusive: false, flushEvery: 5, inTimeOrder: false, batch: 37 },
    { mode: 'exclusive', exclusive: true, flushEvery: Infinity, inTimeOrder: false, batch: 37 },
    { mode: 'exclusive, in time order', exclusive: true, flushEvery: 2, inTimeOrder: true, batch: 300 },
  ])('leaves every table as store.ingest does, across batch and transaction boundaries ($mode)', async ({ mode, exclusive, flushEvery, inTimeOrder, batch }) => {
    const shuffled = history();
    // In time order, one duplicate in 8 is kept: most runs then have none.
    const seen = new Set<string>();
    let repeats = 0;
    const fewerRepeats = (e: NormalizedEvent) => (seen.has(e.messageId) ? repeats++ % 8 === 0 : (seen.add(e.messageId), true));
    const events = inTimeOrder ? shuffled.filter(fewerRepeats).sort((x, y) => x.timestamp - y.timestamp) : shuffled;
    const live = openSqliteStore(join(dir, `live-${mode}.db`));
    const bulkStore = openSqliteStore(join(dir, `bulk-${mode}.db`));
    let liveStored = 0;
    let liveDuplicates = 0;
    let bulkStored = 0;
    let bulkDuplicates = 0;
    try {
      for (let i = 0; i < events.length; i += 50) {
        const r = await live.ingest('demo', events.slice(i, i + 50));
        liveStored += r.accepted;
        liveDuplicates += r.duplicateIndexes.length;
      }
      const bulk = bulkStore.openBulk({ exclusive })!;
      // Other boundaries than the live path's.
      for (let i = 0, n = 0; i < events.length; i += batch, n++) {
        const r = await bulk.write('demo', events.slice(i, i + batch));
        bulkStored += r.accepted;
        bulkDuplicates += r.duplicateIndexes.length;
        if (n % flushEvery === flushEvery - 1) await bulk.flush();
      }
      await bulk.close();
    } finally {
      await live.close();
      await bulkStore.close();
    }
    expect(events.length).toBeGreaterThan(1000);
    expect([bulkStored, bulkDuplicates]).toEqual([liveStored, liveDuplicates]);
    expect(liveDuplicates).toBeGreaterThan(0);
    const a = tables(join(dir, `live-${mode}.db`));
    const b = tables(join(dir, `bulk-${mode}.db`));
    for (const name of Object.keys(a)) {
      expect(b[name].length, name).toBeGreaterThan(0);
      expect(b[name], name).toEqual(a[name]);
    }
  });

  it('merges implicit sessions across batches and commits whatever the arrival order', async () => {
    const store = openSqliteStore(join(dir, 'sessions.db'));
    try {
      const bulk = store.openBulk()!;
      const at = (min: number) => START + min * MIN;
      // Batch 1: 0 and 20 min; flushed. Batch 2: 10 min (out of order) and 45 min (25 min after 20:
      // same session); 2 h is 75 min after 45: a new session. Batch 3: 80 min (35 min after 45 and
      // 40 before 120: its own session), and a duplicate of the first event.
      const first = event('page', 'u1', at(0), { event: 'Home' });
      await bulk.write('demo', [event('group', 'u1', at(-1), { groupId: 'acme' }), first, event('track', 'u1', at(20), { event: 'Report Exported' })]);
      await bulk.flush();
      await bulk.write('demo', [event('track', 'u1', at(10), { event: 'Report Exported' }), event('page', 'u1', at(45), { event: 'Home' }), event('page', 'u1', at(120), { event: 'Home' })]);
      const last = await bulk.write('demo', [event('page', 'u1', at(80), { event: 'Home' }), { ...first }]);
      expect(last).toEqual({ accepted: 1, duplicateIndexes: [1] });
      await bulk.close();
    } finally {
      await store.close();
    }
    const db = new Database(join(dir, 'sessions.db'), { readonly: true });
    try {
      const sessions = db.prepare('SELECT account_id, start_ts, end_ts FROM sessions ORDER BY start_ts').raw().all();
      // Sessions [0, 45], [80, 80] and [120, 120] minutes, all attributed to acme (the user's group call).
      expect(sessions).toEqual([['acme', at0(0), at0(45)], ['acme', at0(80), at0(80)], ['acme', at0(120), at0(120)]]);
      // One day: 3 sessions, 45 min in all.
      expect(db.prepare('SELECT sessions, total_ms FROM session_days').raw().all()).toEqual([[3, 45 * MIN]]);
      // 6 activity events on one day (the group call and the duplicate not counted).
      expect(db.prepare('SELECT events FROM user_days').pluck().all()).toEqual([6]);
    } finally {
      db.close();
    }
  });
});

const at0 = (min: number) => START + min * MIN;

describe('bulk path, transaction size', () => {
  it('commits every transactionEvents events in exclusive mode, before any flush', async () => {
    const path = join(dir, 'transaction-events.db');
    const store = openSqliteStore(path);
    const events = Array.from({ length: 1200 }, (_, i) => event('track', `u${i % 7}`, at0(i), { event: 'Report Exported', groupId: 'acme' }));
    const committed = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM events').pluck().get();
      } finally {
        db.close();
      }
    };
    try {
      const bulk = store.openBulk({ exclusive: true, transactionEvents: 500 })!;
      // Batches of 300: the transaction passes 500 events with the second batch (600) and commits;
      // the fourth (1 200) commits again. Without a size, nothing would commit before the flush.
      const seen: unknown[] = [];
      for (let i = 0; i < events.length; i += 300) {
        await bulk.write('demo', events.slice(i, i + 300));
        seen.push(committed());
      }
      expect(seen).toEqual([0, 600, 600, 1200]);
      await bulk.close();
    } finally {
      await store.close();
    }
  });
});

describe('bulk path, events in time order', () => {
  it('takes a run holding a duplicate one by one: the duplicate moves nobody to another account', async () => {
    const path = join(dir, 'run-duplicate.db');
    const store = openSqliteStore(path);
    const acme = event('group', 'u1', at0(30), { groupId: 'acme' });
    let second: { accepted: number; duplicateIndexes: number[] };
    try {
      const bulk = store.openBulk({ exclusive: true })!;
      // Two group calls at the same minute: the later one (globex) is the user's account.
      await bulk.write('demo', [acme, event('group', 'u1', at0(30), { groupId: 'globex' })]);
      // The first call again, then a feature event without groupId: it belongs to globex.
      second = await bulk.write('demo', [{ ...acme }, event('track', 'u1', at0(31), { event: 'Report Exported' }), event('track', 'u1', at0(32), { event: 'Report Exported' })]);
      await bulk.close();
    } finally {
      await store.close();
    }
    expect(second).toEqual({ accepted: 2, duplicateIndexes: [0] });
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT account_id, events FROM user_days').raw().all()).toEqual([['globex', 2]]);
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(4);
    } finally {
      db.close();
    }
  });
});
