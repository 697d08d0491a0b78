// PostgreSQL side of the span reads (Store.activityDays, featureDays, accountFeatureDays, featureEventDays):
// each pair's (or triple's) active days of a range gathered from the per-day rollups into a day bitmap
// (an account's per name: its users' day sets OR-ed, pg-report-rollups.ts), and
// feature use per day, read once for a span whose windows reports then derive (trends, history).
// The active days come from the day sets (pg-report-rollups.ts: one row per pair or triple, its days
// as a bit string), not from the per-day rows: a year's span reads ~9 000 (user, account) rows on
// the 10 M-event dataset instead of grouping ~960 000 (day, user) rows.
import { scopeIds, type AccountFeatureDaysRow, type AccountScope, type ActivityDaysRow, type FeatureDaysRow, type FeatureEventDayRow } from '../store.js';
import type { DayBitmap } from '../day-bitmap.js';
import { toAccount } from '../row-mappers.js';

type Rows = <R extends Record<string, unknown>>(sql: string, params: unknown[]) => Promise<R[]>;

const scoped = (accounts: AccountScope | undefined): { where: string; params: (p: unknown[]) => unknown[] } => ({
  where: accounts === undefined ? '' : ' AND account_id = ANY($4::text[])',
  params: (p) => (accounts === undefined ? p : [...p, scopeIds(accounts)]),
});

/** Each byte with its bits in reverse order: PostgreSQL keeps a bit string's first bit in a byte's high bit, a DayBitmap in its low bit. */
const REVERSED = Uint8Array.from({ length: 256 }, (_, b) => {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 0x80 >> i;
  return r;
});

/**
 * The days of a set's part in [fromDay, toDay) as a DayBitmap (null when none): `bits` is PostgreSQL's
 * binary form of a bit string (varbit_send: its length in bits as int32, then the bits, first bit in
 * the high bit of the first byte, unused bits of the last byte zero) starting at day `at`. Byte by
 * byte (a year's span is ~10⁴ sets of 46 bytes each).
 * @example bitmapOfDaySet(Buffer.from([0, 0, 0, 3, 0b10100000]), 20000) // → days 20000 and 20002
 */
export function bitmapOfDaySet(bits: Buffer, at: number): DayBitmap | null {
  const bytes = (bits.readInt32BE(0) + 7) >> 3;
  let firstByte = 0;
  while (firstByte < bytes && bits[4 + firstByte] === 0) firstByte++;
  if (firstByte === bytes) return null;
  let lastByte = bytes - 1;
  while (bits[4 + lastByte] === 0) lastByte--;
  const low = REVERSED[bits[4 + firstByte]];
  const first = firstByte * 8 + 31 - Math.clz32(low & -low);
  const last = lastByte * 8 + 31 - Math.clz32(REVERSED[bits[4 + lastByte]]);
  // Bit i of the result is bit first + i of the set: each byte is made of two reversed source bytes.
  const shift = first & 7;
  const out = new Uint8Array(((last - first) >> 3) + 1);
  for (let j = 0, k = 4 + firstByte; j < out.length; j++, k++) {
    const next = k + 1 < 4 + bytes ? REVERSED[bits[k + 1]] : 0;
    out[j] = (REVERSED[bits[k]] >> shift) | ((next << (8 - shift)) & 0xff);
  }
  return { firstDay: at + first, lastDay: at + last, bits: out };
}

/**
 * The part of a day set in [$2, $3) as varbit_send's bytes in base64 text, and the day it starts at
 * (sets overlapping the range only). Base64 rather than bytea: node-postgres reads a bytea's hex text
 * through a regular expression and a hex decode per value (a year's span is ~15 000 sets); Node decodes
 * base64 natively (and skips the line breaks PostgreSQL's encode puts every 76 characters).
 */
const DAYS_IN_RANGE = `greatest(first_day, $2) AS at,
    encode(varbit_send(substring(days FROM greatest($2 - first_day, 0) + 1 FOR least($3 - greatest($2, first_day), length(days) - greatest($2 - first_day, 0)))), 'base64') AS bits`;
const OVERLAPPING = 'project = $1 AND first_day < $3 AND last_day >= $2';

export async function pgActivityDays(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivityDaysRow[]> {
  const s = scoped(accounts);
  const found = await rows<{ user_key: string; account_id: string; at: number; bits: string }>(
    `SELECT user_key, account_id, ${DAYS_IN_RANGE} FROM user_day_sets WHERE ${OVERLAPPING}${s.where} ORDER BY account_id, user_key`,
    s.params([project, fromDay, toDay]),
  );
  const out: ActivityDaysRow[] = [];
  for (const r of found) {
    const days = bitmapOfDaySet(Buffer.from(r.bits, 'base64'), r.at);
    if (days) out.push({ userKey: r.user_key, accountId: toAccount(r.account_id), days });
  }
  return out;
}

export async function pgFeatureDays(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<FeatureDaysRow[]> {
  const s = scoped(accounts);
  const found = await rows<{ user_key: string; account_id: string; event: string; at: number; bits: string }>(
    `SELECT user_key, account_id, event, ${DAYS_IN_RANGE} FROM feature_day_sets WHERE ${OVERLAPPING}${s.where} ORDER BY account_id, user_key, event`,
    s.params([project, fromDay, toDay]),
  );
  const out: FeatureDaysRow[] = [];
  for (const r of found) {
    const days = bitmapOfDaySet(Buffer.from(r.bits, 'base64'), r.at);
    if (days) out.push({ userKey: r.user_key, accountId: toAccount(r.account_id), event: r.event, days });
  }
  return out;
}

export async function pgAccountFeatureDays(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountFeatureDaysRow[]> {
  const s = scoped(accounts);
  // One day set per (account, name) (pg-account-name-days.ts), cut to the range: 1 683 rows for a
  // year on the 3.5 M-event dataset instead of OR-ing its 15 414 users' sets (27 ms).
  const found = await rows<{ account_id: string; event: string; at: number; bits: string }>(
    `SELECT account_id, event, ${DAYS_IN_RANGE} FROM account_feature_day_sets WHERE ${OVERLAPPING}${s.where} ORDER BY account_id, event`,
    s.params([project, fromDay, toDay]),
  );
  const out: AccountFeatureDaysRow[] = [];
  for (const r of found) {
    const days = bitmapOfDaySet(Buffer.from(r.bits, 'base64'), r.at);
    if (days) out.push({ accountId: r.account_id, event: r.event, days });
  }
  return out;
}

export async function pgFeatureEventDays(rows: Rows, project: string, fromDay: number, toDay: number, accountIds?: readonly string[]): Promise<FeatureEventDayRow[]> {
  // Every account's use per (day, name) is a rollup of its own (feature_name_days): a year is ~5 000
  // rows to read instead of summing ~2.6 M (day, account, user, name) rows.
  if (accountIds === undefined) {
    // A year is ~5 000 rows of five fields: one JSON array decodes in a fraction of node-postgres's
    // per-row work, on the collector's one thread (the server builds it on its own).
    const [{ days }] = await rows<{ days: string }>(
      `SELECT coalesce(json_agg(json_build_array(day, event, count, first_ts, last_ts) ORDER BY day, event), '[]')::text AS days
        FROM feature_name_days WHERE project = $1 AND day >= $2 AND day < $3`,
      [project, fromDay, toDay],
    );
    return (JSON.parse(days) as [number, string, number, number, number][]).map(([day, event, count, firstUsed, lastUsed]) => ({ day, event, count, firstUsed, lastUsed }));
  }
  const found = await rows<{ day: number; event: string; count: number; first_ts: number; last_ts: number }>(
    `SELECT day, event, sum(count) AS count, min(first_ts) AS first_ts, max(last_ts) AS last_ts FROM account_name_days
      WHERE project = $1 AND account_id = ANY($4::text[]) AND day >= $2 AND day < $3 GROUP BY day, event ORDER BY day, event`,
    [project, fromDay, toDay, accountIds],
  );
  return found.map((r) => ({ day: r.day, event: r.event, count: r.count, firstUsed: r.first_ts, lastUsed: r.last_ts }));
}
