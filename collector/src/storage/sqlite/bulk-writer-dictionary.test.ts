// The writers' dictionary ids over transaction boundaries (the bulk writer keeps them for one
// transaction, or across transactions when exclusive; the writer thread across transactions until
// another connection commits): an entry another connection erased between two transactions is added
// again, an entry is stored once however many transactions use it, and a rerun after a rolled-back
// transaction stores what a clean run stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { scanEvents } from '../scan-events.js';
import { makeEvent } from '../store-fixtures.js';
import type { NormalizedEvent, Store } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

const T = Date.UTC(2026, 2, 2, 10);
type SqliteStore = ReturnType<typeof openSqliteStore>;
const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-bulk-dict-'));
  dirs.push(dir);
  return join(dir, 'uptake.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A page view of `user` in session `s-<user>` at T + `at` ms, with a context the dictionary splits (env, page). */
const visit = (messageId: string, user: string, at: number): NormalizedEvent =>
  makeEvent({
    messageId, userId: user, type: 'page', event: null, timestamp: T + at, sessionId: `s-${user}`,
    context: { page: { path: `/home/${user}` }, library: { name: 'uptake-sdk' }, sessionId: `s-${user}` },
  });

async function read(store: Store): Promise<[string, string | null, string | null, string | null][]> {
  const out: [string, string | null, string | null, string | null][] = [];
  for await (const r of scanEvents(store, 'p')) {
    const page = (r.context as { page?: { path?: string } } | null)?.page?.path ?? null;
    out.push([r.messageId, r.userId, r.sessionId, page]);
  }
  return out;
}

/** Ids in `events` that name no dictionary entry (must be none). */
function danglingIds(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM events e, (SELECT e2.id AS eid, v.value AS ref FROM events e2, json_each(json_array(e2.uid, e2.session, e2.page, e2.env, e2.event)) v WHERE v.value IS NOT NULL) r
      WHERE r.eid = e.id AND NOT EXISTS (SELECT 1 FROM dict WHERE dict.id = r.ref)`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('dictionary ids across transactions', () => {
  // The erase runs on the main thread's connection: the writer still holds a's ids from its last transaction.
  it.each([
    { writer: 'the bulk writer', open: (store: SqliteStore) => {
      const bulk = store.openBulk()!;
      return { write: async (events: NormalizedEvent[]) => { await bulk.write('p', events); await bulk.flush(); }, close: () => bulk.close() };
    } },
    { writer: 'the writer thread (POST /v1/batch)', open: (store: SqliteStore) => ({ write: async (events: NormalizedEvent[]) => { await store.ingest('p', events); }, close: async () => {} }) },
  ])("adds an erased user's entries again in the next transaction of $writer", async ({ open }) => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const writer = open(store);
    await writer.write([visit('a-1', 'a', 0), visit('b-1', 'b', 1)]);
    // Another connection erases a: its events and every entry scoped to it (session, page, env) go.
    expect(await store.deleteUser('p', 'a')).toEqual({ events: 1 });
    await writer.write([visit('a-2', 'a', 2), visit('b-2', 'b', 3)]);
    await writer.close();
    // a-2 reads back whole (a stale id of a would leave it out of the scan, or with another user's parts).
    expect(await read(store)).toEqual([
      ['b-1', 'b', 's-b', '/home/b'],
      ['a-2', 'a', 's-a', '/home/a'],
      ['b-2', 'b', 's-b', '/home/b'],
    ]);
    await store.close();
    expect(danglingIds(file)).toBe(0);
  });

  it('stores each dictionary entry once over several transactions of the same users', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const bulk = store.openBulk()!;
    for (let i = 0; i < 3; i++) {
      await bulk.write('p', [visit(`a-${i}`, 'a', 2 * i), visit(`b-${i}`, 'b', 2 * i + 1)]);
      await bulk.flush();
    }
    await bulk.close();
    expect((await read(store)).length).toBe(6);
    await store.close();
    const db = new Database(file, { readonly: true });
    // kind 1 project 'p'; 3 user a, b; 5 session s-a, s-b; 6 page /home/a, /home/b; 7 env (one per
    // user: the same library text) → 1 + 2 + 2 + 2 + 2 = 9 entries, each once.
    expect(db.prepare('SELECT kind, count(*) FROM dict GROUP BY kind ORDER BY kind').raw().all()).toEqual([[1, 1], [3, 2], [5, 2], [6, 2], [7, 2]]);
    db.close();
    expect(danglingIds(file)).toBe(0);
  });

  it('stores after a rolled-back transaction and a rerun the same events and dictionary ids as a clean run', async () => {
    const events = () => [visit('a-1', 'a', 0), visit('b-1', 'b', 1), visit('c-1', 'c', 2)];
    const clean = tempDb();
    const cleanStore = openSqliteStore(clean);
    const cleanBulk = cleanStore.openBulk()!;
    await cleanBulk.write('p', events());
    await cleanBulk.close();
    await cleanStore.close();

    const file = tempDb();
    await openSqliteStore(file).close();
    // A trigger makes the commit's rollup writes fail on user c: the transaction (with its new dictionary entries) rolls back.
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER boom BEFORE INSERT ON user_days WHEN NEW.user_key = 'c' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    raw.close();
    const store = openSqliteStore(file);
    const failing = store.openBulk()!;
    await failing.write('p', events());
    await expect(failing.flush()).rejects.toThrow(/boom/);
    await failing.close().catch(() => {});
    expect(await read(store)).toEqual([]);
    const fix = new Database(file);
    fix.exec('DROP TRIGGER boom');
    fix.close();
    const rerun = store.openBulk()!;
    await rerun.write('p', events());
    await rerun.close();
    await store.close();

    const rows = (path: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return { dict: db.prepare('SELECT id, scope, kind, value FROM dict ORDER BY id').raw().all(), events: db.prepare('SELECT * FROM events ORDER BY id').raw().all() };
      } finally {
        db.close();
      }
    };
    const expected = rows(clean);
    // 1 project + 3 users + 3 sessions + 3 pages + 3 envs = 13 entries; 3 events.
    expect([expected.dict.length, expected.events.length]).toEqual([13, 3]);
    expect(rows(file)).toEqual(expected);
  });
});

describe('writer thread dictionary ids (POST /v1/batch)', () => {
  it('adds again the entries of a batch that was rolled back', async () => {
    const file = tempDb();
    await openSqliteStore(file).close();
    // The event c-bad fails its batch: the batch rolls back with the entries it added (user c, its session, page, env).
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.message_id = 'c-bad' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    raw.close();
    const store = openSqliteStore(file);
    await store.ingest('p', [visit('b-1', 'b', 0)]);
    await expect(store.ingest('p', [visit('c-1', 'c', 1), visit('c-bad', 'c', 2)])).rejects.toThrow(/boom/);
    // Nothing else wrote the database meanwhile: only the rollback says c's ids are gone.
    await store.ingest('p', [visit('c-2', 'c', 3), visit('b-2', 'b', 4)]);
    expect(await read(store)).toEqual([
      ['b-1', 'b', 's-b', '/home/b'],
      ['c-2', 'c', 's-c', '/home/c'],
      ['b-2', 'b', 's-b', '/home/b'],
    ]);
    await store.close();
    expect(danglingIds(file)).toBe(0);
  });
});
