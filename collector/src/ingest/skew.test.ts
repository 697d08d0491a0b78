import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTime, storedTime } from './skew.js';

describe('storedTime', () => {
  it('shifts the client time by the client clock error measured at send', () => {
    // Client clock 60 s fast: sentAt 160 s, received at 100 s; the event was 10 s before sending.
    expect(storedTime({ timestamp: 150_000, sentAt: 160_000, receivedAt: 100_000 })).toBe(90_000);
  });
  it('keeps the client time without sentAt, and uses receivedAt without a time', () => {
    expect(storedTime({ timestamp: 50, sentAt: null, receivedAt: 100 })).toBe(50);
    expect(storedTime({ timestamp: null, sentAt: 5, receivedAt: 100 })).toBe(100);
  });
  it('never returns a time later than receivedAt', () => {
    expect(storedTime({ timestamp: 500, sentAt: null, receivedAt: 100 })).toBe(100);
    expect(storedTime({ timestamp: 500, sentAt: 400, receivedAt: 100 })).toBe(100);
  });
});

describe('parseTime', () => {
  it('never returns a time before 1970-01-01, whatever the client clocks say', () => {
    expect(storedTime({ timestamp: -5_000, sentAt: null, receivedAt: 9_000 })).toBe(0);
    expect(storedTime({ timestamp: 1_000, sentAt: 1e15, receivedAt: 9_000 })).toBe(0);
    expect(storedTime({ timestamp: -1e300, sentAt: null, receivedAt: 9_000 })).toBe(0);
  });

  it('parses ISO-8601 and epoch ms, null when absent, NaN when not a time', () => {
    expect(parseTime('2026-01-05T10:00:00Z')).toBe(Date.UTC(2026, 0, 5, 10));
    expect(parseTime(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(parseTime(undefined)).toBeNull();
    expect(parseTime(null)).toBeNull();
    expect(parseTime('soon')).toBeNaN();
    expect(parseTime({})).toBeNaN();
  });

  it('reads the SDKs\' form directly, exactly as Date.parse does, odd fields included', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const field = (max: number, width: number) => fc.integer({ min: 0, max }).map((n) => pad(n, width));
    const iso = fc.tuple(field(9999, 4), field(13, 2), field(32, 2), field(25, 2), field(61, 2), field(61, 2), field(999, 3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    const odd = fc.string({ minLength: 24, maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(iso, odd, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (text) => {
        expect(parseTime(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2_000 },
    );
    expect(parseTime('2026-02-31T00:00:00.000Z')).toBe(Date.parse('2026-02-31T00:00:00.000Z'));
    expect(parseTime('0099-01-01T00:00:00.000Z')).toBe(Date.parse('0099-01-01T00:00:00.000Z'));
    expect(parseTime(' '.repeat(24))).toBeNaN();
  });
});
