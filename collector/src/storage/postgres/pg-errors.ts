// Turns PostgreSQL failures that a retry can outlive (server down or restarting, too many
// connections, disk full, lock or serialization conflicts) into `UptakeError('storage_unavailable')`,
// which the app answers with 503 and Retry-After. Messages never carry the connection URL.
import { UptakeError } from '../../errors.js';

/** Seconds to wait before a retry, by SQLSTATE (exact code, or two-character class). */
const BY_SQLSTATE: [code: string, seconds: number, what: string][] = [
  ['08', 5, 'connection failure'],
  ['53100', 30, 'disk full'],
  ['53300', 1, 'too many connections'],
  ['53', 5, 'insufficient resources'],
  ['57P01', 5, 'server shutting down'],
  ['57P02', 5, 'server crashed'],
  ['57P03', 5, 'server starting up'],
  ['57014', 1, 'statement cancelled'],
  ['40001', 1, 'serialization conflict'],
  ['40P01', 1, 'deadlock'],
  ['55P03', 1, 'lock not available'],
  ['25006', 5, 'read-only server'],
  ['58', 5, 'system error'],
];

/** Node socket errors on the way to the server. */
const BY_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/** node-postgres errors without a code: lost connections and an exhausted pool. */
const BY_MESSAGE = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;

/** Why a retry may help, with the wait in seconds; null for errors a retry will not fix. */
export function unavailableReason(err: unknown): { what: string; retryAfter: number } | null {
  if (err === null || typeof err !== 'object') return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const match = BY_SQLSTATE.find(([prefix]) => code.startsWith(prefix));
      return match ? { what: `${match[2]}, SQLSTATE ${code}`, retryAfter: match[1] } : null;
    }
    if (BY_ERRNO.has(code)) return { what: code, retryAfter: 5 };
  }
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && BY_MESSAGE.test(message)) return { what: message.split('\n')[0], retryAfter: 5 };
  return null;
}

/**
 * True when the connection itself failed (server restarted, connection killed or refused): work
 * that had not committed can be rerun on a fresh connection.
 */
export function isConnectionLost(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || BY_ERRNO.has(code))) return true;
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /Connection terminated|connection error|not queryable/i.test(message);
}

/** True for conflicts between concurrent transactions that rerunning the transaction resolves. */
export function isTransactionConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * Maps a storage failure to the collector's error type; other errors are returned unchanged.
 * @example throw toStorageError(err)
 */
export function toStorageError(err: unknown): unknown {
  if (err instanceof UptakeError) return err;
  const reason = unavailableReason(err);
  if (!reason) return err;
  return new UptakeError('storage_unavailable', `storage unavailable (PostgreSQL: ${reason.what}); retry later`, { retryAfter: reason.retryAfter, cause: err });
}
