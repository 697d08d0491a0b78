// The collector's one error type. Thrown where a problem is detected; turned into a JSON error body
// by the app's single `onError`, or into one line and exit code 2 by the CLI.
import type { ErrorCode } from '@uptake/protocol';

export type UptakeErrorCode = ErrorCode | 'invalid_config' | 'invalid_flags' | 'forbidden';

const STATUS: Record<UptakeErrorCode, number> = {
  invalid_body: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden_origin: 403,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  storage_unavailable: 503,
  internal: 500,
  invalid_config: 500,
  invalid_flags: 500,
};

export class UptakeError extends Error {
  readonly code: UptakeErrorCode;
  readonly status: number;
  /** Seconds for the `Retry-After` header (429, 503). */
  readonly retryAfter?: number;

  constructor(code: UptakeErrorCode, message: string, options: { retryAfter?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UptakeError';
    this.code = code;
    this.status = STATUS[code];
    this.retryAfter = options.retryAfter;
  }
}
