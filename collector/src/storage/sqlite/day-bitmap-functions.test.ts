// The SQL side of day bitmaps: the integer test of recent windows must agree with the bitmap itself,
// for windows inside, across and beyond the last 62 days, and after merges in any order.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { anyDayIn, dayBitmap, RECENT_DAYS, recentDays } from '../day-bitmap.js';
import { createRng } from '../../seed/prng.js';
import { registerDayBitmapFunctions, sqlActiveIn } from './day-bitmap-functions.js';

function openDb() {
  const db = new Database(':memory:');
  registerDayBitmapFunctions(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, first_day INTEGER, last_day INTEGER, days BLOB, recent INTEGER)');
  return db;
}

describe('day bitmaps in SQL', () => {
  it('keeps the last 62 days as bits counted back from the last day', () => {
    const b = dayBitmap([20_000, 20_100, 20_139, 20_140, 20_160]);
    expect(recentDays(b.bits, b.firstDay, b.lastDay)).toBe((1n << 0n) | (1n << 20n) | (1n << 21n) | (1n << 60n));
    const old = dayBitmap([20_000, 20_000 + RECENT_DAYS - 1]);
    expect(recentDays(old.bits, old.firstDay, old.lastDay)).toBe((1n << 0n) | (1n << BigInt(RECENT_DAYS - 1)));
  });

  it('answers "active in [from, to)" exactly like the bitmap, for 3 000 random rows and windows', () => {
    const db = openDb();
    const random = createRng(7);
    const rand = (n: number) => random.int(0, n - 1);
    const insert = db.prepare('INSERT INTO t (id, first_day, last_day, days, recent) VALUES (?, ?, ?, ?, ?)');
    const expected: { id: number; from: number; to: number; active: boolean }[] = [];
    for (let id = 1; id <= 3000; id++) {
      const first = 20_000 + rand(50);
      const span = [3, 40, 70, 200][rand(4)];
      const days = Array.from({ length: 1 + rand(6) }, () => first + rand(span));
      const b = dayBitmap(days);
      insert.run(id, b.firstDay, b.lastDay, Buffer.from(b.bits), recentDays(b.bits, b.firstDay, b.lastDay));
      const from = 19_990 + rand(260);
      const to = from + 1 + rand(70);
      expected.push({ id, from, to, active: anyDayIn(b.bits, b.firstDay, from, to) });
    }
    const test = db.prepare(`SELECT ${sqlActiveIn('@from', '@to')} FROM t WHERE id = @id`).pluck();
    const got = expected.map((e) => test.get({ id: e.id, from: e.from, to: e.to }) === 1);
    expect(got).toEqual(expected.map((e) => e.active));
    expect(expected.filter((e) => e.active).length).toBeGreaterThan(300);
    db.close();
  });

  it('keeps the recent bits right when an upsert merges days before and after the stored ones', () => {
    const db = openDb();
    const upsert = db.prepare(`INSERT INTO t (id, first_day, last_day, days, recent) VALUES (1, @first, @last, @days, @recent)
      ON CONFLICT (id) DO UPDATE SET days = day_bits_merge(days, first_day, excluded.days, excluded.first_day),
        recent = day_bits_recent(day_bits_merge(days, first_day, excluded.days, excluded.first_day), min(first_day, excluded.first_day), max(last_day, excluded.last_day)),
        first_day = min(first_day, excluded.first_day), last_day = max(last_day, excluded.last_day)`);
    const all: number[] = [];
    for (const days of [[20_050], [20_010, 20_020], [20_100], [20_099, 20_030]]) {
      const b = dayBitmap(days);
      upsert.run({ first: b.firstDay, last: b.lastDay, days: Buffer.from(b.bits), recent: recentDays(b.bits, b.firstDay, b.lastDay) });
      all.push(...days);
    }
    const whole = dayBitmap(all);
    const row = db.prepare('SELECT first_day, last_day, recent FROM t').safeIntegers().get() as { first_day: bigint; last_day: bigint; recent: bigint };
    expect([Number(row.first_day), Number(row.last_day)]).toEqual([20_010, 20_100]);
    expect(row.recent).toBe(recentDays(whole.bits, whole.firstDay, whole.lastDay));
    expect(row.recent).toBe((1n << 0n) | (1n << 1n) | (1n << 50n));
    db.close();
  });
});
