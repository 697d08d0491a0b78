// The per-(user, account) names rollup: the rows its triggers keep batch by batch (out of order, through
// an erase) equal to the ones migration 50 builds from `feature_user_days`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { D0, makeEvent } from '../store-fixtures.js';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Each pair's row with its entries as "name:day" (days relative to D0), sorted; and the name numbers. */
function pairsOf(file: string): { pairs: [string, string, number, string[]][]; numbers: number[] } {
  const db = new Database(file, { readonly: true });
  try {
    const nameOf = new Map(db.prepare('SELECT no, event FROM feature_names').raw().all() as [number, string][]);
    const rows = db.prepare('SELECT account_id, user_key, last_day, names FROM feature_user_names ORDER BY account_id, user_key').raw().all() as [string, string, number, string][];
    const pairs = rows.map(([account, user, lastDay, names]): [string, string, number, string[]] => [
      account, user, lastDay - D0,
      names.split(' ').map((e) => `${nameOf.get(Number(e.split(':')[0]))}:${Number(e.split(':')[1]) - D0}`).sort(),
    ]);
    return { pairs, numbers: [...nameOf.keys()].sort() };
  } finally {
    db.close();
  }
}

describe('feature_user_names', () => {
  it('holds what migration 50 builds from feature_user_days, batch after batch, out of order and after an erase', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptake-user-names-'));
    dirs.push(dir);
    const file = join(dir, 'uptake.db');
    const store = openSqliteStore(file);
    const at = (day: number, minute: number) => day * 24 * 60 + minute;
    await store.ingest('p', [makeEvent({ at: at(8, 5), event: 'Share', groupId: 'acme', userId: 'a' }), makeEvent({ at: at(2, 0), event: 'Export', userId: 'loner' })]);
    await store.ingest('p', [makeEvent({ at: at(-2, 1), event: 'Export', groupId: 'acme', userId: 'a' }), makeEvent({ at: at(3, 2), event: 'Export', groupId: 'acme', userId: 'b' })]);
    await store.ingest('p', [
      makeEvent({ at: at(6, 4), event: 'Export', groupId: 'acme', userId: 'a' }), makeEvent({ at: at(5, 6), event: 'Share', groupId: 'acme', userId: 'a' }),
      makeEvent({ at: at(1, 7), event: 'Export', groupId: 'beta', userId: 'c' }),
    ]);
    await store.deleteUser('p', 'b');
    await store.close();
    const kept = pairsOf(file);
    // a@acme: Export on days −2 and 6 (last 6), Share on days 8 and 5 (last 8): the pair's last day 8.
    // b was erased; the loner (no account, '') used Export on day 2; c@beta Export on day 1.
    expect(kept.pairs).toEqual([
      ['', 'loner', 2, ['Export:2']],
      ['acme', 'a', 8, ['Export:6', 'Share:8']],
      ['beta', 'c', 1, ['Export:1']],
    ]);
    // Two names, numbered 0 and 1 in order of first use.
    expect(kept.numbers).toEqual([0, 1]);
    const db = new Database(file);
    db.exec('DROP TABLE feature_user_names; DROP TABLE feature_names; DELETE FROM schema_migrations WHERE version >= 50');
    db.close();
    await openSqliteStore(file).close();
    expect(pairsOf(file)).toEqual(kept);
  });
});
