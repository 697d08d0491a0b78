// The reader thread answers the small report reads from its own connection: it sees every batch the
// writer thread acknowledged, agrees with the same reads made on the main connection, and a reader
// that cannot start refuses reads with storage_unavailable rather than hanging. Reads still waiting in
// its queue when the main thread is idle are made by the main thread, each read once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { UptakeError } from '../../errors.js';
import { makeEvent } from '../store-suite.js';
import { ReaderClient } from './reader.js';
import { configureConnection } from './connection.js';
import { prepareSmallReads } from './small-reads.js';
import { openSqliteStore } from './sqlite-store.js';

const DAY = Date.UTC(2026, 0, 5) / 86_400_000;
const dirs: string[] = [];
const tempDb = () => {
  const d = mkdtempSync(join(tmpdir(), 'uptake-reader-'));
  dirs.push(d);
  return join(d, 'uptake.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SQLite reader thread', () => {
  it('sees every acknowledged batch and answers like the main connection', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const memory = openSqliteStore(':memory:');
    try {
      const first = [makeEvent({ at: 0, groupId: 'acme', userId: 'a', sessionId: 's1' }), makeEvent({ at: 10, groupId: 'acme', userId: 'a', sessionId: 's1' })];
      await Promise.all([store.ingest('p', first), memory.ingest('p', first)]);
      expect(await store.sessionTotals('p', DAY, DAY + 1)).toEqual([{ accountId: 'acme', sessions: 1, totalMs: 10 * 60_000 }]);
      // A batch acknowledged after the reader's first read is in its next one.
      const second = [makeEvent({ at: 30, groupId: 'beta', userId: 'b' }), makeEvent({ at: 40, groupId: 'acme', userId: 'c' })];
      await Promise.all([store.ingest('p', second), memory.ingest('p', second)]);
      const reads = (s: typeof store) => Promise.all([
        s.activitySummary('p', DAY - 1, DAY, DAY + 1), s.accountDayTotals('p', DAY, DAY + 1), s.sessionTotals('p', DAY, DAY + 1),
        s.firstEvents('p', ['Report Exported']), s.surveyResponsePairs('p', 0, Date.UTC(2027, 0, 1)),
      ]);
      const [onReader, onMain] = await Promise.all([reads(store), reads(memory)]);
      expect(onReader[0].activeUsers).toBe(3);
      expect(onReader[2]).toHaveLength(2);
      expect(onReader[3].map((r) => r.accountId).sort()).toEqual(['acme', 'beta']);
      expect(onReader).toEqual(onMain);
    } finally {
      await Promise.all([store.close(), memory.close()]);
    }
  });

  it('shares its waiting reads with an idle main thread: each read made once, on one side, with the same rows', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    // acme: a on day 0, b on days 0 and 1; beta: c on day 1.
    await store.ingest('p', [
      makeEvent({ at: 0, groupId: 'acme', userId: 'a', sessionId: 's1' }), makeEvent({ at: 5, groupId: 'acme', userId: 'b', sessionId: 's2' }),
      makeEvent({ at: 24 * 60, groupId: 'acme', userId: 'b', sessionId: 's3' }), makeEvent({ at: 24 * 60 + 1, groupId: 'beta', userId: 'c', sessionId: 's4' }),
    ]);
    await store.close();
    const main = new Database(file, { readonly: true });
    configureConnection(main, 1000);
    const reads = prepareSmallReads(main);
    const madeHere: unknown[][] = [];
    const reader = new ReaderClient(file, 1000, (name, params) => (madeHere.push(params), reads[name].all(...params) as unknown[][]));
    try {
      // Eight reads sent while the thread starts; the main thread is idle at once and takes them from the back.
      const params = [[DAY, DAY + 1], [DAY + 1, DAY + 2], [DAY, DAY + 2], [DAY - 1, DAY], [DAY - 1, DAY + 1], [DAY - 1, DAY + 2], [DAY + 1, DAY + 3], [DAY, DAY + 3]];
      const rows = await Promise.all(params.map(([from, to]) => reader.all('sessionTotals', [{ project: 'p', from, to }])));
      // Sessions by their first day: day 0 acme 2 (a, b), day 1 acme 1 (b) and beta 1 (c).
      const day0 = [['acme', 2]], day1 = [['acme', 1], ['beta', 1]], both = [['acme', 3], ['beta', 1]];
      const expected = [day0, day1, both, [], day0, both, day1, both];
      const sorted = (r: unknown[][]) => [...r].sort((x, y) => String(x[0]).localeCompare(String(y[0]))).map((x) => [x[0], x[1]]);
      expect(rows.map(sorted)).toEqual(expected);
      // The first read is the thread's; the main thread made some of the others (never twice: each answered once above).
      expect(madeHere.length).toBeGreaterThan(0);
      expect(madeHere.length).toBeLessThan(params.length);
      expect(madeHere).not.toContainEqual(['p', params[0][0], params[0][1]]);
      // More reads at once than claim slots (1 024), sent while a new thread starts, twice over: the main
      // thread takes reads from the back before the thread reaches the front, those sent without a slot
      // are the thread's, slots come back once the thread has passed their reads, and every read is
      // answered with its rows.
      const fresh = new ReaderClient(file, 1000, (name, params) => reads[name].all(...params) as unknown[][]);
      try {
        for (let round = 0; round < 2; round++) {
          const many = await Promise.all(Array.from({ length: 1_100 }, (_, i) => fresh.all('sessionTotals', [{ project: 'p', from: params[i % params.length][0], to: params[i % params.length][1] }])));
          expect(many.map(sorted)).toEqual(Array.from({ length: 1_100 }, (_, i) => expected[i % params.length]));
        }
      } finally {
        await fresh.close();
      }
    } finally {
      await reader.close();
      main.close();
    }
  });

  it('refuses reads once the store is closed, without starting another reader', async () => {
    const store = openSqliteStore(tempDb());
    await store.ingest('p', [makeEvent({ groupId: 'acme' })]);
    expect(await store.sessionTotals('p', DAY, DAY + 1)).toHaveLength(1);
    await store.close();
    await expect(store.sessionTotals('p', DAY, DAY + 1)).rejects.toMatchObject({ code: 'storage_unavailable' });
  });

  it('refuses reads with storage_unavailable when it cannot open the database', async () => {
    const reader = new ReaderClient(join(tmpdir(), 'uptake-no-such-dir', 'missing.db'), 100);
    const read = reader.all('sessionTotals', [{ project: 'p', from: DAY, to: DAY + 1 }]);
    await expect(read).rejects.toBeInstanceOf(UptakeError);
    await expect(read).rejects.toMatchObject({ code: 'storage_unavailable' });
    await reader.close();
  });
});
