import { describe, expect, it } from 'vitest';
import { bitmapOfDaySet } from './pg-span-reads.js';

/** varbit_send's bytes: the length in bits (int32, big-endian), then the bits, first in the high bit. */
const varbit = (length: number, ...bytes: number[]) => Buffer.from([0, 0, 0, length, ...bytes]);

describe('bitmapOfDaySet', () => {
  it('turns a bit string starting at a day into the days it holds, relative to the first one', () => {
    // 10 bits from day 100: bits 2, 4 (0b00101000) and 9 (0b01000000) → days 102, 104 and 109.
    // Relative to 102: days 0, 2 and 7 → one byte 1 + 4 + 128 = 133.
    expect(bitmapOfDaySet(varbit(10, 0b00101000, 0b01000000), 100)).toEqual({ firstDay: 102, lastDay: 109, bits: Uint8Array.from([133]) });
  });

  it('spans several bytes when the days are more than 8 apart', () => {
    // 13 bits from day 7: bits 0 (0x80) and 12 (0x08 of the second byte) → days 7 and 19, 12 apart:
    // bit 0 of the first byte and bit 12 − 8 = 4 of the second (16).
    expect(bitmapOfDaySet(varbit(13, 0x80, 0x08), 7)).toEqual({ firstDay: 7, lastDay: 19, bits: Uint8Array.from([1, 16]) });
  });

  it('realigns a set whose first day is not at the start of a byte, over three bytes', () => {
    // 20 bits from day 1000: bits 5 (0b00000100), 8 and 15 (0b10000001), 19 (0b00010000) → days 1005,
    // 1008, 1015 and 1019. Relative to 1005: days 0, 3, 10 and 14 → bytes 1 + 8 = 9 and 4 + 64 = 68.
    expect(bitmapOfDaySet(varbit(20, 0b00000100, 0b10000001, 0b00010000), 1000)).toEqual({ firstDay: 1005, lastDay: 1019, bits: Uint8Array.from([9, 68]) });
  });

  it('answers null for a set with no day in the range', () => {
    expect(bitmapOfDaySet(varbit(12, 0, 0), 50)).toBeNull();
    expect(bitmapOfDaySet(varbit(0), 50)).toBeNull();
  });
});

