// In-memory token buckets per write key and per client IP (SPEC §7). Defaults are far above any
// well-behaved client: 429 is for abuse, not load. Limits are per project (`rateLimits` in config).
import type { Context } from 'hono';
import { DEFAULT_RATE_LIMITS, type ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';

export interface RateLimit {
  requestsPerSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets idle this long are full again and can be forgotten. */
const SWEEP_EVERY = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private takes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes one token from `key`'s bucket; returns 0 when allowed, else the seconds until a token is back.
   * @example if (buckets.take('ip:1.2.3.4', { requestsPerSecond: 10, burst: 20 }) > 0) reject()
   */
  take(key: string, limit: RateLimit): number {
    const now = this.now();
    if (++this.takes % SWEEP_EVERY === 0) this.sweep(now, limit);
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { tokens: limit.burst, updatedAt: now }));
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * limit.requestsPerSecond);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / limit.requestsPerSecond;
  }

  /** Forgets buckets that have refilled completely, so memory stays bounded by active clients. */
  private sweep(now: number, limit: RateLimit): void {
    const fullAfterMs = (limit.burst / limit.requestsPerSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt > fullAfterMs) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }
}

/** The client's IP address as seen on the socket (forwarded headers are not trusted: they are forgeable). */
export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Enforces the project's per-write-key and per-IP limits; throws `rate_limited` (429, Retry-After).
 * The IP is only held in memory, never stored.
 * @example enforceRateLimits(buckets, c, project)
 */
export function enforceRateLimits(buckets: TokenBuckets, c: Context, project: ProjectConfig): void {
  const perWriteKey = project.rateLimits.perWriteKey ?? DEFAULT_RATE_LIMITS.perWriteKey;
  const perIp = project.rateLimits.perIp ?? DEFAULT_RATE_LIMITS.perIp;
  const wait = Math.max(buckets.take(`k:${project.id}`, perWriteKey), buckets.take(`ip:${project.id}:${clientIp(c)}`, perIp));
  if (wait > 0) throw new UptakeError('rate_limited', 'too many requests; retry later', { retryAfter: Math.max(1, Math.ceil(wait)) });
}
