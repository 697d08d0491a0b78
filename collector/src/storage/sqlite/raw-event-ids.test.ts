// Raw event ids (compact-events.ts): id = (stored time in ms << 20) + n, n counting the events of one
// millisecond. An event later than every stored one takes the next id without a lookup; an older one,
// a duplicate, or an insert after `reset` (another writer may have written meanwhile) must still give
// exactly the ids the lookup would: no event lost to an id already taken, no bits lost past 2^53.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../store-fixtures.js';
import { ID_SHIFT, rawEventWriter } from './compact-events.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'uptake-raw-ids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('raw event ids', () => {
  it('numbers the events of a millisecond in order, older events and rewrites included', async () => {
    const file = join(dir, 'ids.db');
    await openSqliteStore(file).close(); // creates the tables
    const db = new Database(file);
    const writer = rawEventWriter(db);
    const T = Date.UTC(2026, 2, 2, 10); // 1 772 445 600 000 ms: T << 20 is past 2^53
    const insert = (messageId: string, timestamp: number) => writer.run('p', makeEvent({ messageId, timestamp, receivedAt: timestamp }), null).changes;

    expect(insert('a', T)).toBe(1); // id T·2^20 + 0
    expect(insert('b', T)).toBe(1); // + 1
    expect(insert('older', T - 5)).toBe(1); // (T − 5)·2^20 + 0: before the newest, looked up
    expect(insert('b', T)).toBe(0); // a duplicate: stores nothing, takes no number
    expect(insert('c', T)).toBe(1); // T·2^20 + 2
    // Another connection stores an event of the same millisecond meanwhile; after a reset the writer sees it.
    db.prepare('INSERT INTO events (id, project, message_id, t, uid, received) VALUES (?, 1, ?, 0, 2, 0)').run((BigInt(T) << BigInt(ID_SHIFT)) + 3n, 'other');
    writer.reset();
    expect(insert('d', T)).toBe(1); // T·2^20 + 4
    expect(insert('e', T + 1)).toBe(1); // (T + 1)·2^20 + 0

    const ids = db.prepare('SELECT id, message_id FROM events ORDER BY id').safeIntegers(true).all() as { id: bigint; message_id: string }[];
    const at = (ms: number, n: number) => (BigInt(ms) << BigInt(ID_SHIFT)) + BigInt(n);
    expect(ids.map((r) => [r.message_id, r.id])).toEqual([
      ['older', at(T - 5, 0)],
      ['a', at(T, 0)],
      ['b', at(T, 1)],
      ['c', at(T, 2)],
      ['other', at(T, 3)],
      ['d', at(T, 4)],
      ['e', at(T + 1, 0)],
    ]);
    db.close();
  });
});
