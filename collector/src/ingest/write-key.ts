// Where a batch's write key comes from (SPEC §3): `X-Uptake-Write-Key`, HTTP Basic auth with the key
// as user name (Segment and RudderStack libraries), or the body's `writeKey`.
import type { Context } from 'hono';

/**
 * The write key carried by the request headers, if any.
 * @example writeKeyFromHeaders(c) // 'wk_demo' for "Authorization: Basic d2tfZGVtbzo="
 */
export function writeKeyFromHeaders(c: Context): string | null {
  const header = c.req.header('x-uptake-write-key');
  if (header) return header;
  const auth = c.req.header('authorization');
  const match = auth?.match(/^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  return user || null;
}
