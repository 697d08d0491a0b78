// UUIDv7 ids (RFC 9562): a millisecond timestamp then random bits, so ids sort by creation time.
// The queue uses them as IndexedDB keys, which makes "oldest first" the store's natural order.

let lastMs = 0;
let sequence = 0;
// The id's first 15 characters ('xxxxxxxx-xxxx-7') for `prefixMs`: made once per millisecond.
let prefixMs = -1;
let prefix = '';
// getRandomValues costs ~10 µs a call: 32-bit values drawn from a pool refilled every ~1000 ids.
const pool = new Uint32Array(3000);
let used = pool.length;

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/**
 * A new UUIDv7, monotonic within this page (a 12-bit counter orders ids made in the same ms).
 * @example uuidv7() // '0190a5c4-7b1e-7a3f-9c2d-4e5f6a7b8c9d'
 */
export function uuidv7(now: number = Date.now()): string {
  if (used > pool.length - 3) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  // Start low so a burst in the same millisecond rarely overflows the counter.
  if (now > lastMs) sequence = pool[used++] & 0xff;
  else if (++sequence > 0xfff) {
    now = lastMs + 1;
    sequence = 0;
  }
  if (now > lastMs) lastMs = now;
  if (prefixMs != lastMs) {
    const time = hex((prefixMs = lastMs), 12);
    prefix = time.slice(0, 8) + '-' + time.slice(8) + '-7';
  }
  const a = pool[used++];
  // The counter; variant bits 10 then 62 random bits (14 + 16 of `a`, 32 of the next value; the last
  // 48 as one number under 2^53: fewer strings per id, each one garbage to collect on the page).
  return prefix + hex(sequence, 3) + '-' + hex(0x8000 | (a & 0x3fff), 4) + '-' + hex((a >>> 16) * 2 ** 32 + pool[used++], 12);
}
