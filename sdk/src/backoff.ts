// Retry timing after a failed send: exponential backoff with full jitter, capped at 5 minutes,
// never earlier than the collector's `Retry-After`.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;

/**
 * Milliseconds to wait before retry number `attempt` (0 = first retry).
 * @example backoffDelay(3) // uniformly random in [0, 4000)
 */
export function backoffDelay(attempt: number, retryAfterSeconds?: number): number {
  // Full jitter: random in [0, min(cap, base·2^attempt)) spreads clients that failed together.
  // (Tests stub Math.random: a `random` parameter would stay in the bundle.)
  const jittered = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  // NaN (no usable Retry-After) and undefined count as 0.
  return Math.max(jittered, (retryAfterSeconds! * 1000) || 0);
}
