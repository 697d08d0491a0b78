// The reader thread answers the small report reads from its own connection: it sees every batch the
// writer thread acknowledged, agrees with the same reads made on the main connection, and a reader
// that cannot start refuses reads with storage_unavailable rather than hanging.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UptakeError } from '../../errors.js';
import { makeEvent } from '../store-suite.js';
import { ReaderClient } from './reader.js';
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

  it('refuses reads once the store is closed, without starting another reader', async () => {
    const store = openSqliteStore(tempDb());
    await store.ingest('p', [makeEvent({ groupId: 'acme' })]);
    expect(await store.sessionTotals('p', DAY, DAY + 1)).toHaveLength(1);
    await store.close();
    await expect(store.sessionTotals('p', DAY, DAY + 1)).rejects.toMatchObject({ code: 'storage_unavailable' });
  });

  it('refuses reads with storage_unavailable when it cannot open the database', async () => {
    const reader = new ReaderClient(join(tmpdir(), 'uptake-no-such-dir', 'missing.db'), 100);
    const read = reader.all('sessionTotals', ['p', DAY, DAY + 1]);
    await expect(read).rejects.toBeInstanceOf(UptakeError);
    await expect(read).rejects.toMatchObject({ code: 'storage_unavailable' });
    await reader.close();
  });
});
