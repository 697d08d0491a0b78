// Turns SQLite failures that a retry can outlive (busy, locked, disk full, I/O, read-only) into
// `UptakeError('storage_unavailable')`, which the app answers with 503 and Retry-After.
import { UptakeError } from '../../errors.js';

/** Seconds a client should wait before retrying, by SQLite error code prefix. */
const RETRY_AFTER: [prefix: string, seconds: number][] = [
  ['SQLITE_BUSY', 1],
  ['SQLITE_LOCKED', 1],
  ['SQLITE_FULL', 30],
  ['SQLITE_IOERR', 5],
  ['SQLITE_READONLY', 30],
  ['SQLITE_CANTOPEN', 5],
  ['SQLITE_NOMEM', 5],
  ['SQLITE_PROTOCOL', 1],
];

/** True when `err` is a SQLite error a later retry may succeed on. */
export function isStorageUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRY_AFTER.some(([prefix]) => code.startsWith(prefix));
}

/**
 * Maps a storage failure to the collector's error type; other errors are returned unchanged.
 * @example throw toStorageError(err)
 */
export function toStorageError(err: unknown): unknown {
  if (err instanceof UptakeError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return err;
  const match = RETRY_AFTER.find(([prefix]) => code.startsWith(prefix));
  if (!match) return err;
  return new UptakeError('storage_unavailable', `storage unavailable (${code}); retry later`, { retryAfter: match[1], cause: err });
}
