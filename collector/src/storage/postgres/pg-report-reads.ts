// PostgreSQL side of the report reads over the store's own rollups (pg-report-rollups.ts): active
// users per account in a window and the previous one, and feature adoption, from the day sets.
import { scopeIds, type AccountScope, type ActivitySummary, type FeatureAdoption, type FeatureUserRow } from '../store.js';
import { toAccount } from '../row-mappers.js';
import { namesSince, type PackedPair } from '../adoption-names.js';

type Rows = <R extends Record<string, unknown>>(sql: string, params: unknown[]) => Promise<R[]>;

/**
 * SQL: the row's day set (first_day, last_day, days) holds a day of [from, to). A set's first and last
 * days are members of it, so a set that starts or ends in the range is in without counting its bits:
 * in a window that ends after the last stored day (a report's default), no set's bits are read.
 * @example hasDayIn('$2', '$3')
 */
export const hasDayIn = (from: string, to: string): string =>
  `(first_day < ${to} AND last_day >= ${from} AND (first_day >= ${from} OR last_day < ${to} OR uptake_days_in(days, first_day, ${from}, ${to}) > 0))`;

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
      `SELECT account_id, count(*) FILTER (WHERE ${hasDayIn('$3', '$4')})::int AS current,
          count(*) FILTER (WHERE ${hasDayIn('$2', '$3')})::int AS previous
        FROM user_day_sets WHERE project = $1 AND first_day < $4 AND last_day >= $2 AND account_id <> ''${scoped}
        GROUP BY account_id HAVING count(*) FILTER (WHERE ${hasDayIn('$3', '$4')}) > 0 OR count(*) FILTER (WHERE ${hasDayIn('$2', '$3')}) > 0`,
      params,
    ),
    rows<{ users: number }>(
      `SELECT count(DISTINCT user_key)::int AS users FROM user_day_sets
        WHERE project = $1 AND ${hasDayIn('$2', '$3')}${ids === undefined ? '' : ' AND account_id = ANY($4::text[])'}`,
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
 * `names` [] asks for the members alone: no name's use is read.
 * @example (await pgFeatureAdoption(rows, 'demo', day - 30, day, 'acme')).accountTotals
 */
export async function pgFeatureAdoption(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope, names?: readonly string[]): Promise<FeatureAdoption> {
  const accountId = typeof accounts === 'string' ? accounts : undefined;
  const noUse = names !== undefined && names.length === 0;
  const total = (accountId: string | null) => (r: { event: string; count: number; first_ts: number; last_ts: number }) =>
    ({ accountId, event: r.event, count: r.count, firstUsed: r.first_ts, lastUsed: r.last_ts });
  const [adoption, eventTotals, accountTotals] = await Promise.all([
    pgAdoptionUsers(rows, project, fromDay, toDay, accounts),
    // A segment's use per name counts its accounts' events alone; one account's read keeps everyone's.
    noUse ? []
      : typeof accounts === 'object'
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
    accountId === undefined || noUse ? [] : rows<{ event: string; count: number; first_ts: number; last_ts: number }>(
      `SELECT event, sum(count) AS count, min(first_ts) AS first_ts, max(last_ts) AS last_ts FROM account_name_days
        WHERE project = $1 AND account_id = $4 AND day >= $2 AND day < $3 GROUP BY event`,
      [project, fromDay, toDay, accountId],
    ),
  ]);
  return {
    users: adoption,
    eventTotals: eventTotals.map(total(null)),
    accountTotals: accountTotals.map(total(accountId ?? null)),
  };
}

/**
 * The (user, account) pairs that used a feature name in [fromDay, toDay), with those names sorted: the
 * pairs last active before toDay from the names rollup (one JSON row), the others from their day sets.
 * @example await pgAdoptionUsers(rows, 'demo', day - 30, day)
 */
export async function pgAdoptionUsers(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<FeatureUserRow[]> {
  const ids = scopeIds(accounts);
  const scoped = ids === undefined ? '' : ' AND account_id = ANY($4::text[])';
  const params = ids === undefined ? [project, fromDay, toDay] : [project, fromDay, toDay, ids];
  const [recent, later] = await Promise.all([
    rows<{ names: string; pairs: string }>(
      `SELECT (SELECT coalesce(json_agg(json_build_array(no, event)), '[]') FROM feature_names WHERE project = $1)::text AS names,
        (SELECT coalesce(json_agg(json_build_array(account_id, user_key, names)), '[]') FROM feature_user_names
          WHERE project = $1 AND last_day >= $2 AND last_day < $3${scoped})::text AS pairs`,
      params,
    ),
    rows<{ account_id: string; user_key: string; events: string }>(
      `SELECT account_id, user_key, json_agg(event)::text AS events
        FROM (SELECT account_id AS pair_account, user_key AS pair_user FROM feature_user_names WHERE project = $1 AND last_day >= $3${scoped}) AS p
          JOIN feature_day_sets ON project = $1 AND account_id = pair_account AND user_key = pair_user
        WHERE ${hasDayIn('$2', '$3')} GROUP BY account_id, user_key`,
      params,
    ),
  ]);
  const users = namesSince(JSON.parse(recent[0].pairs) as PackedPair[], JSON.parse(recent[0].names) as [number, string][], fromDay);
  // Pairs that used the same names share one parsed list.
  const lists = new Map<string, readonly string[]>();
  for (const r of later) {
    let events = lists.get(r.events);
    if (!events) lists.set(r.events, (events = (JSON.parse(r.events) as string[]).sort()));
    users.push({ userKey: r.user_key, accountId: toAccount(r.account_id), events });
  }
  return users;
}
