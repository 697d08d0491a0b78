// PostgreSQL side of the report reads over the store's own rollups (pg-report-rollups.ts): active
// users per account in a window and the previous one, and feature adoption, from the day sets.
import { scopeIds, type AccountScope, type ActivitySummary, type FeatureAdoption } from '../store.js';
import { toAccount } from '../row-mappers.js';

type Rows = <R extends Record<string, unknown>>(sql: string, params: unknown[]) => Promise<R[]>;

/**
 * Active users per account in [fromDay, toDay) and [previousFromDay, fromDay), and distinct users in the window.
 * @example await pgActivitySummary(rows, 'demo', day - 60, day - 30, day)
 */
export async function pgActivitySummary(rows: Rows, project: string, previousFromDay: number, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivitySummary> {
  // One row per (account, user) with its days: both windows' active users in one pass (pg-report-rollups.ts).
  const ids = scopeIds(accounts);
  const scoped = ids === undefined ? '' : ' AND account_id = ANY($5::text[])';
  const params = ids === undefined ? [project, previousFromDay, fromDay, toDay] : [project, previousFromDay, fromDay, toDay, ids];
  const [active, total] = await Promise.all([
    rows<{ account_id: string; current: number; previous: number }>(
      `SELECT account_id, count(*) FILTER (WHERE uptake_days_in(days, first_day, $3, $4) > 0)::int AS current,
          count(*) FILTER (WHERE uptake_days_in(days, first_day, $2, $3) > 0)::int AS previous
        FROM user_day_sets WHERE project = $1 AND first_day < $4 AND last_day >= $2 AND account_id <> ''${scoped}
        GROUP BY account_id HAVING count(*) FILTER (WHERE uptake_days_in(days, first_day, $2, $4) > 0) > 0`,
      params,
    ),
    rows<{ users: number }>(
      `SELECT count(DISTINCT user_key)::int AS users FROM user_day_sets
        WHERE project = $1 AND first_day < $3 AND last_day >= $2 AND uptake_days_in(days, first_day, $2, $3) > 0${ids === undefined ? '' : ' AND account_id = ANY($4::text[])'}`,
      ids === undefined ? [project, fromDay, toDay] : [project, fromDay, toDay, ids],
    ),
  ]);
  return {
    activeUsers: total[0]?.users ?? 0,
    accounts: active.map((r) => ({ accountId: r.account_id, activeUsers: r.current, previousActiveUsers: r.previous })),
  };
}

/**
 * The names each (user, account) used in the window, use per name, and one account's use per name.
 * @example (await pgFeatureAdoption(rows, 'demo', day - 30, day, 'acme')).accountTotals
 */
export async function pgFeatureAdoption(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<FeatureAdoption> {
  const ids = scopeIds(accounts);
  const accountId = typeof accounts === 'string' ? accounts : undefined;
  const total = (accountId: string | null) => (r: { event: string; count: number; first_ts: number; last_ts: number }) =>
    ({ accountId, event: r.event, count: r.count, firstUsed: r.first_ts, lastUsed: r.last_ts });
  const [users, eventTotals, accountTotals] = await Promise.all([
    // Each (user, account) with the names it used on some day of the window, one row per account:
    // `[[userKey, [name, …]], …]` as JSON text. Grouped by hashing, in no order (sorting the
    // window's (account, user, name) rows cost twice the grouping), and 1 row per account to decode
    // instead of 1 per user.
    rows<{ account_id: string; users: string }>(
      `SELECT account_id, json_agg(json_build_array(user_key, events))::text AS users FROM (
          SELECT account_id, user_key, json_agg(event) AS events FROM feature_day_sets
          WHERE project = $1 AND first_day < $3 AND last_day >= $2 AND uptake_days_in(days, first_day, $2, $3) > 0${ids === undefined ? '' : ' AND account_id = ANY($4::text[])'}
          GROUP BY account_id, user_key) AS u
        GROUP BY account_id`,
      ids === undefined ? [project, fromDay, toDay] : [project, fromDay, toDay, ids],
    ),
    // A segment's use per name counts its accounts' events alone; one account's read keeps everyone's.
    typeof accounts === 'object'
      ? rows<{ event: string; count: number; first_ts: number; last_ts: number }>(
        `SELECT event, sum(count) AS count, min(first_ts) AS first_ts, max(last_ts) AS last_ts FROM account_name_days
          WHERE project = $1 AND account_id = ANY($4::text[]) AND day >= $2 AND day < $3 GROUP BY event`,
        [project, fromDay, toDay, accounts],
      )
      : rows<{ event: string; count: number; first_ts: number; last_ts: number }>(
        `SELECT event, sum(count) AS count, min(first_ts) AS first_ts, max(last_ts) AS last_ts FROM feature_name_days
          WHERE project = $1 AND day >= $2 AND day < $3 GROUP BY event`,
        [project, fromDay, toDay],
      ),
    accountId === undefined ? [] : rows<{ event: string; count: number; first_ts: number; last_ts: number }>(
      `SELECT event, sum(count) AS count, min(first_ts) AS first_ts, max(last_ts) AS last_ts FROM account_name_days
        WHERE project = $1 AND account_id = $4 AND day >= $2 AND day < $3 GROUP BY event`,
      [project, fromDay, toDay, accountId],
    ),
  ]);
  return {
    users: adoptionUsers(users),
    eventTotals: eventTotals.map(total(null)),
    accountTotals: accountTotals.map(total(accountId ?? null)),
  };
}

/**
 * The (user, account) rows of the adoption read's per-account JSON, each list of names sorted; pairs
 * that used the same names (most of them) share one list.
 * @example adoptionUsers([{ account_id: 'acme', users: '[["u1", ["b", "a"]]]' }]) // → [{ userKey: 'u1', accountId: 'acme', events: ['a', 'b'] }]
 */
export function adoptionUsers(rows: readonly { account_id: string; users: string }[]): FeatureAdoption['users'] {
  const lists = new Map<string, string[]>();
  const out: FeatureAdoption['users'] = [];
  for (const r of rows) {
    const accountId = toAccount(r.account_id);
    for (const [userKey, names] of JSON.parse(r.users) as [string, string[]][]) {
      names.sort();
      // PostgreSQL text holds no NUL: joined on it, two different lists never share a key.
      const key = names.join('\u0000');
      let events = lists.get(key);
      if (!events) lists.set(key, (events = names));
      out.push({ userKey, accountId, events });
    }
  }
  return out;
}
