import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refilled token, answering the wait in seconds', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const limit = { requestsPerSecond: 2, burst: 3 };
    expect([1, 2, 3].map(() => buckets.take('k', limit))).toEqual([0, 0, 0]);
    expect(buckets.take('k', limit)).toBeCloseTo(0.5);
    now = 500;
    expect(buckets.take('k', limit)).toBe(0);
    expect(buckets.take('other', limit)).toBe(0);
  });

  it('forgets idle buckets so memory is bounded by active clients', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const limit = { requestsPerSecond: 1000, burst: 1000 };
    for (let i = 0; i < 9_999; i++) buckets.take(`ip:${i}`, limit);
    now = 60_000;
    buckets.take('fresh', limit);
    expect(buckets.size).toBe(1);
  });
});
