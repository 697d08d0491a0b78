// Clock-skew correction (SPEC §3): the client's clock may be wrong, its intervals are not.

/**
 * Stored time of an event. With `sentAt` (client clock at send): receivedAt − (sentAt − timestamp);
 * without it the client timestamp as is; receivedAt when there is no timestamp. Never later than
 * receivedAt, never before 1970-01-01 (a wild client clock cannot stretch rollups over millennia).
 * @example storedTime({ timestamp: 1_000, sentAt: 5_000, receivedAt: 9_000 }) // → 5_000
 */
export function storedTime(t: { timestamp: number | null; sentAt: number | null; receivedAt: number }): number {
  if (t.timestamp === null) return t.receivedAt;
  const corrected = t.sentAt === null ? t.timestamp : t.receivedAt - (t.sentAt - t.timestamp);
  return Math.max(0, Math.min(corrected, t.receivedAt));
}

/**
 * Parses a wire time: an ISO-8601 string (or epoch milliseconds). Null when absent, NaN when unparseable.
 * @example parseTime('2026-01-05T10:00:00Z') // → 1767607200000
 */
export function parseTime(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string' || value.trim() === '') return NaN;
  return Date.parse(value);
}
