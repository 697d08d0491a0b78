// PostgreSQL side of the span reads (Store.activityDays, featureDays, accountFeatureDays, featureEventDays):
// each pair's (or triple's) active days of a range gathered from the per-day rollups into a day bitmap
// (an account's per name: its users' day sets OR-ed, pg-report-rollups.ts), and
// feature use per day, read once for a span whose windows reports then derive (trends, history).
import { scopeIds, type AccountFeatureDaysRow, type AccountScope, type ActivityDaysRow, type FeatureDaysRow, type FeatureEventDayRow } from '../store.js';
import { dayBitmap } from '../day-bitmap.js';
import { toAccount } from '../row-mappers.js';

type Rows = <R extends Record<string, unknown>>(sql: string, params: unknown[]) => Promise<R[]>;

const scoped = (accounts: AccountScope | undefined): { where: string; params: (p: unknown[]) => unknown[] } => ({
  where: accounts === undefined ? '' : ' AND account_id = ANY($4::text[])',
  params: (p) => (accounts === undefined ? p : [...p, scopeIds(accounts)]),
});

export async function pgActivityDays(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivityDaysRow[]> {
  const s = scoped(accounts);
  const found = await rows<{ user_key: string; account_id: string; days: number[] }>(
    `SELECT user_key, account_id, array_agg(day) AS days FROM user_days
      WHERE project = $1 AND day >= $2 AND day < $3${s.where} GROUP BY account_id, user_key ORDER BY account_id, user_key`,
    s.params([project, fromDay, toDay]),
  );
  return found.map((r) => ({ userKey: r.user_key, accountId: toAccount(r.account_id), days: dayBitmap(r.days) }));
}

export async function pgFeatureDays(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<FeatureDaysRow[]> {
  const s = scoped(accounts);
  const found = await rows<{ user_key: string; account_id: string; event: string; days: number[] }>(
    `SELECT user_key, account_id, event, array_agg(DISTINCT day) AS days FROM feature_usage
      WHERE project = $1 AND day >= $2 AND day < $3${s.where} GROUP BY account_id, user_key, event ORDER BY account_id, user_key, event`,
    s.params([project, fromDay, toDay]),
  );
  return found.map((r) => ({ userKey: r.user_key, accountId: toAccount(r.account_id), event: r.event, days: dayBitmap(r.days) }));
}

/** A day set's bit string ('1' at day − first) as a day bitmap (bit i = day first + i). */
function bitmapOfBitString(bits: string, firstDay: number): AccountFeatureDaysRow['days'] {
  const out = new Uint8Array((bits.length + 7) >> 3);
  let lastDay = firstDay;
  for (let i = 0; i < bits.length; i++) {
    if (bits.charCodeAt(i) !== 49) continue; // '1'
    out[i >> 3] |= 1 << (i & 7);
    lastDay = firstDay + i;
  }
  return { firstDay, lastDay, bits: out };
}

export async function pgAccountFeatureDays(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountFeatureDaysRow[]> {
  const s = scoped(accounts);
  // Each of the account's users' day sets that holds a day of the range, placed on the span of them all
  // (window min and max over the (account, name)) and OR-ed.
  const found = await rows<{ account_id: string; event: string; f: number; bits: string }>(
    `SELECT account_id, event, f, bit_or(uptake_days_at(days, first_day, f, l - f + 1))::text AS bits
      FROM (SELECT account_id, event, days, first_day, min(first_day) OVER w AS f, max(last_day) OVER w AS l FROM feature_day_sets
        WHERE project = $1 AND account_id <> '' AND first_day < $3 AND last_day >= $2 AND uptake_days_in(days, first_day, $2, $3) > 0${s.where}
        WINDOW w AS (PARTITION BY account_id, event)) AS d
      GROUP BY account_id, event, f ORDER BY account_id, event`,
    s.params([project, fromDay, toDay]),
  );
  return found.map((r) => ({ accountId: r.account_id, event: r.event, days: bitmapOfBitString(r.bits, r.f) }));
}

export async function pgFeatureEventDays(rows: Rows, project: string, fromDay: number, toDay: number, accountIds?: readonly string[]): Promise<FeatureEventDayRow[]> {
  const found = await rows<{ day: number; event: string; count: number; first_ts: number; last_ts: number }>(
    `SELECT day, event, sum(count) AS count, min(first_ts) AS first_ts, max(last_ts) AS last_ts FROM feature_usage
      WHERE project = $1 AND day >= $2 AND day < $3${accountIds === undefined ? '' : ' AND account_id = ANY($4::text[])'} GROUP BY day, event ORDER BY day, event`,
    accountIds === undefined ? [project, fromDay, toDay] : [project, fromDay, toDay, accountIds],
  );
  return found.map((r) => ({ day: r.day, event: r.event, count: r.count, firstUsed: r.first_ts, lastUsed: r.last_ts }));
}
