import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('is full jitter: uniform in [0, base·2^attempt)', () => {
    expect(backoffDelay(0, undefined, () => 0)).toBe(0);
    expect(backoffDelay(3, undefined, () => 0.5)).toBe(BACKOFF_BASE_MS * 8 * 0.5);
    expect(backoffDelay(3, undefined, () => 0.999)).toBeLessThan(BACKOFF_BASE_MS * 8);
  });

  it('is capped at 5 minutes', () => {
    expect(BACKOFF_CAP_MS).toBe(300_000);
    expect(backoffDelay(40, undefined, () => 0.999)).toBeLessThan(300_000);
    expect(backoffDelay(40, undefined, () => 0.999)).toBeGreaterThan(299_000);
  });

  it('never retries before Retry-After', () => {
    expect(backoffDelay(0, 30, () => 0.5)).toBe(30_000);
    expect(backoffDelay(20, 1, () => 0.5)).toBe(150_000);
  });

  it('ignores a Retry-After that is not seconds (NaN from an HTTP-date or none)', () => {
    // 0.5 · 500 · 2^2 = 1000
    expect(backoffDelay(2, NaN, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, 0, () => 0.5)).toBe(1000);
  });
});
