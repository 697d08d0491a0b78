// SQL functions over day bitmaps (see ../day-bitmap.ts), registered on every connection before the
// migrations run: the activity and feature adoption rollups are written, backfilled and read with
// them; `sqlActiveIn` is the window test the reads are built on.
import type { Database } from 'better-sqlite3';
import { anyDayIn, dayBitmap, mergeDayBitmaps, RECENT_DAYS, recentDays, unionDayBitmaps } from '../day-bitmap.js';

const toBuffer = (bits: Uint8Array): Buffer => Buffer.from(bits.buffer, bits.byteOffset, bits.length);

/**
 * Registers `day_bits(day)` (aggregate: bitmap relative to min(day)), `day_bits_union(bits, firstDay)`
 * (aggregate: the union of bitmaps, relative to min(firstDay)), `day_bits_merge(a, aFirst, b, bFirst)`
 * `day_bits_any(bits, firstDay, fromDay, toDay)` and `day_bits_recent(bits, firstDay, lastDay)` (see `recentDays`).
 * @example registerDayBitmapFunctions(db); db.prepare('SELECT day_bits_any(days, first_day, ?, ?) FROM feature_user_days')
 */
export function registerDayBitmapFunctions(db: Database): void {
  db.aggregate('day_bits', {
    start: () => [] as number[],
    step: (days: number[], day: number) => {
      days.push(Number(day));
    },
    result: (days: number[]) => toBuffer(dayBitmap(days).bits),
    deterministic: true,
  });
  db.aggregate('day_bits_union', {
    start: () => [] as [Uint8Array, number][],
    // Called with (bits, firstDay): better-sqlite3's types know one argument only, and a rest parameter needs `varargs`.
    step: (parts: [Uint8Array, number][], ...row: unknown[]) => {
      parts.push([row[0] as Buffer, Number(row[1])]);
    },
    result: (parts: [Uint8Array, number][]) => {
      const union = unionDayBitmaps(parts);
      return union && toBuffer(union.bits);
    },
    varargs: true,
    deterministic: true,
  });
  db.function('day_bits_merge', { deterministic: true }, (a: unknown, aFirst: unknown, b: unknown, bFirst: unknown) =>
    toBuffer(mergeDayBitmaps(a as Buffer, Number(aFirst), b as Buffer, Number(bFirst))),
  );
  db.function('day_bits_recent', { deterministic: true, safeIntegers: true }, (bits: unknown, firstDay: unknown, lastDay: unknown) =>
    recentDays(bits as Buffer, Number(firstDay), Number(lastDay)),
  );
  db.function('day_bits_any', { deterministic: true }, (bits: unknown, firstDay: unknown, fromDay: unknown, toDay: unknown) =>
    anyDayIn(bits as Buffer, Number(firstDay), Number(fromDay), Number(toDay)) ? 1 : 0,
  );
}

/**
 * SQL expression: 1 when a row with columns first_day, last_day, recent and days (see `recentDays`)
 * has an active day in [from, to) (SQL expressions or parameters), else 0. The first and last days
 * are active days, so a window holding either answers at once (every row of a window that ends today);
 * otherwise integer operations on the recent days, unless the window reaches further back than them,
 * where `day_bits_any` reads the bitmap. CASE evaluates only the branch it takes.
 */
export function sqlActiveIn(from: string, to: string): string {
  const lo = `max(${from}, first_day)`;
  const hi = `min(${to} - 1, last_day)`;
  return `(CASE
    WHEN first_day >= ${to} OR last_day < ${from} THEN 0
    WHEN last_day < ${to} OR first_day >= ${from} THEN 1
    WHEN ${lo} > last_day - ${RECENT_DAYS} THEN ((recent >> (last_day - ${hi})) & ((1 << (${hi} - ${lo} + 1)) - 1)) <> 0
    ELSE day_bits_any(days, first_day, ${from}, ${to}) END)`;
}
