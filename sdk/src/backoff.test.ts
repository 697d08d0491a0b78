import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from './backoff.js';

/** backoffDelay with Math.random() answering `random`. */
const at = (random: number, delay: () => number) => (vi.spyOn(Math, 'random').mockReturnValue(random), delay());
afterEach(() => vi.restoreAllMocks());

describe('backoffDelay', () => {
  it('is full jitter: uniform in [0, base·2^attempt)', () => {
    expect(at(0, () => backoffDelay(0, undefined))).toBe(0);
    expect(at(0.5, () => backoffDelay(3, undefined))).toBe(BACKOFF_BASE_MS * 8 * 0.5);
    expect(at(0.999, () => backoffDelay(3, undefined))).toBeLessThan(BACKOFF_BASE_MS * 8);
  });

  it('is capped at 5 minutes', () => {
    expect(BACKOFF_CAP_MS).toBe(300_000);
    expect(at(0.999, () => backoffDelay(40, undefined))).toBeLessThan(300_000);
    expect(at(0.999, () => backoffDelay(40, undefined))).toBeGreaterThan(299_000);
  });

  it('never retries before Retry-After', () => {
    expect(at(0.5, () => backoffDelay(0, 30))).toBe(30_000);
    expect(at(0.5, () => backoffDelay(20, 1))).toBe(150_000);
  });

  it('ignores a Retry-After that is not seconds (NaN from an HTTP-date or none)', () => {
    // 0.5 · 500 · 2^2 = 1000
    expect(at(0.5, () => backoffDelay(2, NaN))).toBe(1000);
    expect(at(0.5, () => backoffDelay(2, 0))).toBe(1000);
  });
});
