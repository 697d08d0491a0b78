// HTTP to the collector: posts one batch and reads what the answer means for its events.
// Bodies are text/plain with the write key inside, so browsers send no CORS preflight and
// keepalive/beacon sends (which cannot set headers) look the same as normal ones.
import type { BatchResponse } from '@uptake/protocol';
import type { Entry } from './queue.js';

export interface Outcome {
  /** HTTP status; 0 when the request failed (offline, connection refused, timeout). */
  status: number;
  /** Seconds from `Retry-After`: NaN or 0 when absent, NaN for an HTTP-date (then the normal backoff). */
  retryAfter?: number;
  /** What the collector rejected (2xx only; logged with `debug`). */
  rejected?: BatchResponse['rejected'];
}

/**
 * The request body for a batch of events given as JSON text: Segment's batch call with the write key and `sentAt`.
 * @example batchBody('wk_demo', [JSON.stringify(event)])
 */
export function batchBody(writeKey: string, batch: string[]): string {
  // An array in a template is its items joined by commas.
  return `{"writeKey":${JSON.stringify(writeKey)},"sentAt":"${new Date().toISOString()}","batch":[${batch}]}`;
}

/**
 * Posts one body to `${host}/v1/batch`; never rejects.
 * @example const outcome = await postBatch('https://c.example.com', body, false)
 */
export async function postBatch(host: string, body: string, keepalive: boolean): Promise<Outcome> {
  try {
    const response = await fetch(host + '/v1/batch', {
      method: 'POST',
      body,
      keepalive,
      credentials: 'omit',
      // A string body goes as text/plain;charset=UTF-8 by default: no header needed, no preflight.
      // A stalled connection must not hold the cross-tab send lock forever.
      signal: AbortSignal.timeout?.(30_000),
    });
    // Size: `Retry-After` as a bare Number() (backoffDelay ignores NaN) and `rejected` as received
    // (only logged) save ≈ 40 B gzip over parsing both.
    const outcome: Outcome = { status: response.status, retryAfter: +response.headers.get('Retry-After')! };
    if (response.ok) outcome.rejected = ((await response.json().catch(() => ({}))) as Partial<BatchResponse>).rejected;
    return outcome;
  } catch {
    return { status: 0 };
  }
}

/**
 * Splits entries (events as JSON text) into groups whose request body is at most `maxBytes` (UTF-8), keeping their order;
 * an entry too big to fit alone is left out (it stays queued for a normal send). Groups, not bodies:
 * page hide writes each body once, in its own order (≈ 15 B gzip less).
 * @example splitBodies('wk', entries, 60_000).map((part) => batchBody('wk', part.map((entry) => entry[1])))
 */
export function splitBodies(writeKey: string, entries: Entry<string>[], maxBytes: number): Entry<string>[][] {
  const parts: Entry<string>[][] = [];
  const envelope = batchBody(writeKey, []).length;
  let current: Entry<string>[] | undefined;
  let size = 0;
  for (const entry of entries) {
    // UTF-8 bytes (a Blob's size: shorter to write than a TextEncoder), +1 for the comma between events.
    const bytes = new Blob([entry[1]]).size + 1;
    if (envelope + bytes > maxBytes) continue;
    if (!current || size + bytes > maxBytes) {
      parts.push((current = []));
      size = envelope;
    }
    current.push(entry);
    size += bytes;
  }
  return parts;
}
