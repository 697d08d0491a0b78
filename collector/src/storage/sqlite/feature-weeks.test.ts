// The weekly feature rollup: how a window splits into whole weeks and edge days, and the rows kept
// batch by batch equal to the ones migration 44 builds from `feature_days`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { D0, makeEvent } from '../store-fixtures.js';
import { firstDayOfWeek, weekOfDay, weekSplit } from './feature-weeks.js';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('weeks', () => {
  it('run Monday to Sunday', () => {
    // D0 = 2026-01-05, a Monday: the Sunday before is in the week before, the next Sunday in its week.
    expect(weekOfDay(D0 - 1)).toBe(weekOfDay(D0) - 1);
    expect(weekOfDay(D0 + 6)).toBe(weekOfDay(D0));
    expect(firstDayOfWeek(weekOfDay(D0 + 4))).toBe(D0);
    // Day 0, 1970-01-01, was a Thursday: week 0 is days −3 (Monday) to 3 (Sunday).
    expect([weekOfDay(-3), weekOfDay(3), weekOfDay(4), firstDayOfWeek(0)]).toEqual([0, 0, 1, -3]);
  });

  it('split a window into the days before its first whole week, its whole weeks and the days after', () => {
    const w = weekOfDay(D0);
    // Saturday D0 − 2 to Wednesday D0 + 9 (exclusive): 2 days, the week of D0, 2 days (D0 + 7, D0 + 8).
    expect(weekSplit(D0 - 2, D0 + 9)).toEqual({ fromWeek: w, toWeek: w + 1, headTo: D0, tailFrom: D0 + 7 });
    // Exactly two weeks: no edge days.
    expect(weekSplit(D0, D0 + 14)).toEqual({ fromWeek: w, toWeek: w + 2, headTo: D0, tailFrom: D0 + 14 });
    // Tuesday to Sunday: no whole week, every day is head.
    expect(weekSplit(D0 + 1, D0 + 7)).toEqual({ fromWeek: w + 1, toWeek: w + 1, headTo: D0 + 7, tailFrom: D0 + 7 });
    // 30 days from a Friday (day 20 763) to a Sunday: 3 days, weeks 2967–2969 (21 days), 6 days.
    expect(weekSplit(20_763, 20_793)).toEqual({ fromWeek: 2967, toWeek: 2970, headTo: 20_766, tailFrom: 20_787 });
  });
});

describe('feature_weeks', () => {
  it('holds what migration 44 builds from feature_days, batch after batch and out of order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptake-weeks-'));
    dirs.push(dir);
    const file = join(dir, 'uptake.db');
    const store = openSqliteStore(file);
    const at = (day: number, minute: number) => day * 24 * 60 + minute;
    // acme: Export on days 8, −2, 3, 0 and 6 (users a and b), Share on day 5; beta: Export on day 1; no account: Export on day 2.
    await store.ingest('p', [makeEvent({ at: at(8, 5), event: 'Export', groupId: 'acme', userId: 'a' }), makeEvent({ at: at(2, 0), event: 'Export', userId: 'loner' })]);
    await store.ingest('p', [makeEvent({ at: at(-2, 1), event: 'Export', groupId: 'acme', userId: 'a' }), makeEvent({ at: at(3, 2), event: 'Export', groupId: 'acme', userId: 'b' })]);
    await store.ingest('p', [
      makeEvent({ at: at(0, 3), event: 'Export', groupId: 'acme', userId: 'a' }), makeEvent({ at: at(6, 4), event: 'Export', groupId: 'acme', userId: 'a' }),
      makeEvent({ at: at(5, 6), event: 'Share', groupId: 'acme', userId: 'b' }), makeEvent({ at: at(1, 7), event: 'Export', groupId: 'beta', userId: 'c' }),
    ]);
    await store.close();
    const rows = () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT account_id, week, event, count, first_ts, last_ts FROM feature_weeks ORDER BY account_id, week, event').raw().all();
      } finally {
        db.close();
      }
    };
    const kept = rows();
    const w = weekOfDay(D0);
    const ms = (day: number, minute: number) => (D0 + day) * 86_400_000 + minute * 60_000;
    // acme Export: week w − 1 (day −2), week w (days 0, 3, 6: 3 events), week w + 1 (day 8); Share week w; beta week w. The loner has no account: no row.
    expect(kept).toEqual([
      ['acme', w - 1, 'Export', 1, ms(-2, 1), ms(-2, 1)],
      ['acme', w, 'Export', 3, ms(0, 3), ms(6, 4)],
      ['acme', w, 'Share', 1, ms(5, 6), ms(5, 6)],
      ['acme', w + 1, 'Export', 1, ms(8, 5), ms(8, 5)],
      ['beta', w, 'Export', 1, ms(1, 7), ms(1, 7)],
    ]);
    const db = new Database(file);
    db.exec('DROP TABLE feature_weeks; DELETE FROM schema_migrations WHERE version >= 44');
    db.close();
    await openSqliteStore(file).close();
    expect(rows()).toEqual(kept);
  });
});
