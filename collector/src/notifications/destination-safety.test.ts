import { describe, expect, it } from 'vitest';
import { describeUrl, isPrivateAddress } from './destination-safety.js';
import { parseRetryAfter } from './http-post.js';
import { retryDelay } from './outbox-worker.js';

describe('destination safety', () => {
  it('knows loopback, private, link-local and public addresses', () => {
    for (const a of ['127.0.0.1', '10.2.3.4', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:1.1.1.1']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('shows a URL as scheme and host only', () => {
    expect(describeUrl('https://hooks.slack.com/services/T0/B0/secret')).toBe('https://hooks.slack.com/…');
  });
});

describe('backoff', () => {
  it('doubles from the base up to the cap, or waits what Retry-After asked', () => {
    // 60 s × 2^(attempts − 1): 60, 120, 240 s; capped at 1 h.
    expect([1, 2, 3, 10].map((n) => retryDelay(n, 60_000, 3_600_000))).toEqual([60_000, 120_000, 240_000, 3_600_000]);
    expect(retryDelay(1, 60_000, 3_600_000, 5000)).toBe(5000);
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:30 GMT', 10_000)).toBe(20_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
