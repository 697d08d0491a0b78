// One POST of a notification to an http(s) receiver, with a hard timeout, the destination policy
// enforced on the address connected to, and `Retry-After` read from the answer.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { assertSchemeAllowed, describeUrl, DestinationRefused, guardedLookup, isPrivateAddress, type DestinationPolicy } from './destination-safety.js';

/** What one attempt gave: delivered, retry (maybe after a time the receiver asked for), or give up. */
export type AttemptResult =
  | { ok: true }
  | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

/**
 * `Retry-After` as milliseconds from `now` (seconds or an HTTP date), or undefined.
 * @example parseRetryAfter('120', 0) // 120000
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * POSTs `body` as JSON; a 2xx is delivered. Never throws: every failure is an `AttemptResult`.
 * @example await postJson('https://hooks.example.com/x', '{}', {}, policy, 10_000)
 */
export function postJson(url: string, body: string, headers: Record<string, string>, policy: DestinationPolicy, timeoutMs: number, now = Date.now()): Promise<AttemptResult> {
  let target: URL;
  try {
    target = assertSchemeAllowed(url, policy);
  } catch (err) {
    return Promise.resolve({ ok: false, permanent: true, error: (err as Error).message });
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is connected to without a lookup: judge it here.
  if (isIP(host) && !policy.allowPrivateDestinations && isPrivateAddress(host)) {
    return Promise.resolve({ ok: false, permanent: true, error: `${describeUrl(url)}: a loopback, private or link-local address (allowPrivateDestinations is false)` });
  }
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve) => {
    const req = send(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'uptake-collector', ...headers },
      lookup: guardedLookup(policy) as never,
      timeout: timeoutMs,
    }, (res) => {
      // The answer's body is not needed: drain it, bounded by the same deadline.
      res.resume();
      res.on('end', () => clearTimeout(deadline));
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) return resolve({ ok: true });
      resolve({
        ok: false,
        permanent: false,
        error: `HTTP ${status} from ${describeUrl(url)}`,
        retryAfterMs: parseRetryAfter(res.headers['retry-after'] as string | undefined, now),
      });
    });
    // `timeout` only covers idle sockets; the deadline also cuts a receiver that trickles bytes.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => {
      clearTimeout(deadline);
      const permanent = err instanceof DestinationRefused;
      resolve({ ok: false, permanent, error: `${describeUrl(url)}: ${err.message}` });
    });
    req.on('close', () => clearTimeout(deadline));
    req.end(body);
  });
}
