// Webhook signatures (SPEC §11): `Uptake-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Uptake-Signature';

/**
 * The signature header value of `body` sent at `unixSeconds`.
 * @example signatureHeader('whsec_x', '{"id":"n1"}', 1767225600) // "t=1767225600,v1=…"
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * What a receiver runs: true when `header` signs `body` with `secret` and is at most `toleranceSeconds` old.
 * @example verifySignature('whsec_x', rawBody, req.headers['uptake-signature'], Date.now() / 1000)
 */
export function verifySignature(secret: string, body: string, header: string | undefined, nowSeconds: number, toleranceSeconds = 300): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureHeader(secret, body, t).slice(`t=${t},v1=`.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}
