// Day bitmaps: building, merging out of order, and window membership at the edges.
import { describe, expect, it } from 'vitest';
import { anyDayIn, dayBitmap, mergeDayBitmaps, unionDayBitmaps } from './day-bitmap.js';

const daysOf = (bits: Uint8Array, first: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < bits.length * 8; i++) if (bits[i >> 3] & (1 << (i & 7))) out.push(first + i);
  return out;
};

describe('day bitmap', () => {
  it('holds exactly the given days, relative to the first', () => {
    const b = dayBitmap([20_010, 20_000, 20_010, 20_017]);
    expect([b.firstDay, b.lastDay]).toEqual([20_000, 20_017]);
    expect(b.bits.length).toBe(3);
    expect(daysOf(b.bits, b.firstDay)).toEqual([20_000, 20_010, 20_017]);
  });

  it('merges a bitmap that starts earlier or later, at any bit offset', () => {
    const later = dayBitmap([20_005, 20_020]);
    const earlier = dayBitmap([19_998, 20_005, 20_006]);
    const merged = mergeDayBitmaps(later.bits, later.firstDay, earlier.bits, earlier.firstDay);
    expect(daysOf(merged, 19_998)).toEqual([19_998, 20_005, 20_006, 20_020]);
    const same = mergeDayBitmaps(earlier.bits, earlier.firstDay, dayBitmap([19_998]).bits, 19_998);
    expect(daysOf(same, 19_998)).toEqual([19_998, 20_005, 20_006]);
  });

  it('unites any number of bitmaps that start on different days, at any bit offset', () => {
    // First days 20_003, 19_998 and 20_008: offsets 5 and 10 from the earliest (not byte-aligned), and one aligned (19_998 + 8 = 20_006).
    const parts = [dayBitmap([20_003, 20_011]), dayBitmap([19_998, 20_004]), dayBitmap([20_008, 20_030]), dayBitmap([20_006, 20_013])];
    const union = unionDayBitmaps(parts.map((p) => [p.bits, p.firstDay] as const))!;
    // Every day of the four, once: 19_998, 20_003, 20_004, 20_006, 20_008, 20_011, 20_013, 20_030.
    expect(daysOf(union.bits, union.firstDay)).toEqual([19_998, 20_003, 20_004, 20_006, 20_008, 20_011, 20_013, 20_030]);
    expect([union.firstDay, union.lastDay]).toEqual([19_998, 20_030]);
    // 20_030 − 19_998 = 32 → bit 32 → 5 bytes, no trailing zero byte.
    expect(union.bits.length).toBe(5);
    // Equal to merging pairwise.
    const pairwise = parts.slice(1).reduce((acc, p) => ({ bits: mergeDayBitmaps(acc.bits, acc.firstDay, p.bits, p.firstDay), firstDay: Math.min(acc.firstDay, p.firstDay) }), { bits: parts[0].bits, firstDay: parts[0].firstDay });
    expect(daysOf(pairwise.bits, pairwise.firstDay)).toEqual(daysOf(union.bits, union.firstDay));
    expect(unionDayBitmaps([])).toBeNull();
    const one = dayBitmap([5, 9]);
    expect(unionDayBitmaps([[one.bits, 5]])).toEqual({ firstDay: 5, lastDay: 9, bits: one.bits });
  });

  it('answers whether a half-open window holds a day', () => {
    const b = dayBitmap([100, 109, 130]);
    expect(anyDayIn(b.bits, 100, 101, 109)).toBe(false);
    expect(anyDayIn(b.bits, 100, 101, 110)).toBe(true);
    expect(anyDayIn(b.bits, 100, 110, 130)).toBe(false);
    expect(anyDayIn(b.bits, 100, 130, 131)).toBe(true);
    expect(anyDayIn(b.bits, 100, 50, 100)).toBe(false);
    expect(anyDayIn(b.bits, 100, 50, 101)).toBe(true);
    expect(anyDayIn(b.bits, 100, 131, 400)).toBe(false);
    expect(anyDayIn(b.bits, 100, 111, 129)).toBe(false);
  });

  it('answers every window of a bitmap as a day-by-day check does', () => {
    // Days 0, 7, 8, 15, 16, 23 and 40 after 1000: set bits on both sides of each byte boundary.
    const days = [0, 7, 8, 15, 16, 23, 40].map((d) => 1000 + d);
    const b = dayBitmap(days);
    for (let from = 995; from < 1045; from++) {
      for (let to = from; to < 1046; to++) {
        expect(anyDayIn(b.bits, b.firstDay, from, to), `[${from}, ${to})`).toBe(days.some((d) => d >= from && d < to));
      }
    }
  });
});
