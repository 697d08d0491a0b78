import { describe, expect, it } from 'vitest';
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
});
