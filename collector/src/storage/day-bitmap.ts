// Compact "on which days" sets: bit i of the bitmap is day (firstDay + i). Lets a rollup keep one row
// per (account, user, feature) instead of one per day, and still answer "used in this window?".

/** A set of UTC day numbers as a bitmap relative to its first day. */
export interface DayBitmap {
  firstDay: number;
  lastDay: number;
  bits: Uint8Array;
}

/**
 * Builds the bitmap of a non-empty list of days (duplicates allowed).
 * @example dayBitmap([20000, 20002]) // → { firstDay: 20000, lastDay: 20002, bits: [0b101] }
 */
export function dayBitmap(days: Iterable<number>): DayBitmap {
  let firstDay = Infinity;
  let lastDay = -Infinity;
  const list: number[] = [];
  for (const d of days) {
    list.push(d);
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  if (list.length === 0) throw new RangeError('dayBitmap needs at least one day');
  const bits = new Uint8Array(((lastDay - firstDay) >> 3) + 1);
  for (const d of list) bits[(d - firstDay) >> 3] |= 1 << ((d - firstDay) & 7);
  return { firstDay, lastDay, bits };
}

/**
 * Union of two bitmaps, relative to the earlier first day.
 * @example mergeDayBitmaps(a.bits, a.firstDay, b.bits, b.firstDay)
 */
export function mergeDayBitmaps(a: Uint8Array, aFirst: number, b: Uint8Array, bFirst: number): Uint8Array {
  const first = Math.min(aFirst, bFirst);
  const end = Math.max(aFirst + a.length * 8, bFirst + b.length * 8);
  const out = new Uint8Array(Math.ceil((end - first) / 8));
  for (const [bits, from] of [[a, aFirst], [b, bFirst]] as const) {
    const shift = from - first;
    if ((shift & 7) === 0) {
      for (let i = 0; i < bits.length; i++) out[i + (shift >> 3)] |= bits[i];
      continue;
    }
    for (let i = 0; i < bits.length * 8; i++) {
      if (bits[i >> 3] & (1 << (i & 7))) out[(i + shift) >> 3] |= 1 << ((i + shift) & 7);
    }
  }
  // Trailing zero bytes (from a padded input) would only waste space.
  let length = out.length;
  while (length > 1 && out[length - 1] === 0) length--;
  return out.subarray(0, length);
}

/**
 * Union of any number of bitmaps (each with its first day), relative to the earliest first day;
 * one allocation, bytes OR-ed when the offsets align. Null for none.
 * @example unionDayBitmaps([[a.bits, a.firstDay], [b.bits, b.firstDay]])
 */
export function unionDayBitmaps(parts: readonly (readonly [Uint8Array, number])[]): DayBitmap | null {
  if (parts.length === 0) return null;
  let first = Infinity;
  let end = -Infinity;
  for (const [bits, from] of parts) {
    if (from < first) first = from;
    if (from + bits.length * 8 > end) end = from + bits.length * 8;
  }
  const out = new Uint8Array(Math.ceil((end - first) / 8));
  for (const [bits, from] of parts) {
    const shift = from - first;
    if ((shift & 7) === 0) {
      const at = shift >> 3;
      for (let i = 0; i < bits.length; i++) out[i + at] |= bits[i];
      continue;
    }
    // A byte of the part straddles two bytes of the union.
    const at = shift >> 3, s = shift & 7;
    for (let i = 0; i < bits.length; i++) {
      const v = bits[i] << s;
      out[i + at] |= v & 0xff;
      if (v > 0xff) out[i + at + 1] |= v >> 8;
    }
  }
  let length = out.length;
  while (length > 1 && out[length - 1] === 0) length--;
  let lastBit = length * 8 - 1;
  while (lastBit > 0 && !(out[lastBit >> 3] & (1 << (lastBit & 7)))) lastBit--;
  return { firstDay: first, lastDay: first + lastBit, bits: out.subarray(0, length) };
}

/** Days a `recentDays` integer covers: the last day and the 61 before it (62 bits fit a signed 64-bit integer with room for masks). */
export const RECENT_DAYS = 62;

/**
 * The bitmap's last 62 days as one integer: bit i set = active on day (lastDay − i). Lets SQL test a
 * recent window with integer operations instead of a call into JavaScript per row.
 * @example recentDays(dayBitmap([20000, 20002]).bits, 20000, 20002) // → 0b101n
 */
export function recentDays(bits: Uint8Array, firstDay: number, lastDay: number): bigint {
  let out = 0n;
  for (let day = Math.max(firstDay, lastDay - RECENT_DAYS + 1); day <= lastDay; day++) {
    const i = day - firstDay;
    if (bits[i >> 3] & (1 << (i & 7))) out |= 1n << BigInt(lastDay - day);
  }
  return out;
}

/**
 * True when the bitmap holds at least one day of [fromDay, toDay).
 * @example anyDayIn(bits, 20000, 20001, 20003)
 */
export function anyDayIn(bits: Uint8Array, firstDay: number, fromDay: number, toDay: number): boolean {
  const start = Math.max(fromDay - firstDay, 0);
  const end = Math.min(toDay - firstDay, bits.length * 8);
  if (start >= end) return false;
  // A byte at a time: the first byte masked below `start`, the last above `end - 1`.
  const lastByte = (end - 1) >> 3;
  let mask = (0xff << (start & 7)) & 0xff;
  for (let byte = start >> 3; byte <= lastByte; byte++) {
    if (byte === lastByte) mask &= 0xff >> (7 - ((end - 1) & 7));
    if (bits[byte] & mask) return true;
    mask = 0xff;
  }
  return false;
}
