// PostgreSQL side of the report reads over the store's own rollups (pg-report-rollups.ts): active
// users per account in a window and the previous one, and feature adoption, from the day sets.
import { scopeIds, type AccountScope, type ActivitySummary, type FeatureAdoption } from '../store.js';
import { toAccount } from '../row-mappers.js';

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

/** Names per word of a pair's bit set: int4 words whose bits stay exact as JS numbers (int8 would lose bits past 2⁵³). */
const WORD_BITS = 31;

/**
 * The names each (user, account) used in the window, use per name, and one account's use per name.
 * `names` [] asks for the members alone: no name's use is read.
 * @example (await pgFeatureAdoption(rows, 'demo', day - 30, day, 'acme')).accountTotals
 */
export async function pgFeatureAdoption(rows: Rows, project: string, fromDay: number, toDay: number, accounts?: AccountScope, names?: readonly string[]): Promise<FeatureAdoption> {
  const ids = scopeIds(accounts);
  const accountId = typeof accounts === 'string' ? accounts : undefined;
  const noUse = names !== undefined && names.length === 0;
  const total = (accountId: string | null) => (r: { event: string; count: number; first_ts: number; last_ts: number }) =>
    ({ accountId, event: r.event, count: r.count, firstUsed: r.first_ts, lastUsed: r.last_ts });
  const [adoption, eventTotals, accountTotals] = await Promise.all([
    // Each (user, account) with the names it used on some day of the window as a bit set over the
    // window's names (numbered in name order from feature_name_days, which holds every name a
    // feature_day_sets row has a day of), in words of 31 bits: one entry of four values per pair
    // for up to 31 names, instead of its names as text. Pairs and names come as two JSON arrays (one
    // row): ~8 600 pairs on the 10 M-event dataset, whose fields node-postgres would decode one by
    // one on the collector's thread at several times JSON.parse's cost.
    rows<{ names: string; pairs: string }>(
      `WITH names AS (SELECT event, (row_number() OVER (ORDER BY event))::int - 1 AS i
          FROM (SELECT DISTINCT event FROM feature_name_days WHERE project = $1 AND day >= $2 AND day < $3) AS e),
        pairs AS (SELECT account_id, user_key, i / ${WORD_BITS} AS word, bit_or(1 << (i % ${WORD_BITS})) AS bits
          FROM feature_day_sets JOIN names USING (event)
          WHERE project = $1 AND ${hasDayIn('$2', '$3')}${ids === undefined ? '' : ' AND account_id = ANY($4::text[])'}
          GROUP BY account_id, user_key, word)
        SELECT (SELECT coalesce(json_agg(event ORDER BY i), '[]') FROM names)::text AS names,
          (SELECT coalesce(json_agg(json_build_array(account_id, user_key, word, bits)), '[]') FROM pairs)::text AS pairs`,
      ids === undefined ? [project, fromDay, toDay] : [project, fromDay, toDay, ids],
    ),
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
    users: adoptionPairs(JSON.parse(adoption[0].names) as string[], JSON.parse(adoption[0].pairs) as AdoptionPair[]),
    eventTotals: eventTotals.map(total(null)),
    accountTotals: accountTotals.map(total(accountId ?? null)),
  };
}

/** A pair of the adoption read: account ('' for none), user, and one word of its bit set (word number, bits). */
export type AdoptionPair = [accountId: string, userKey: string, word: number, bits: number];

/**
 * The (user, account) pairs of the adoption read: each pair's bit set over `names` (numbered in the
 * server's order) turned into its names, sorted; pairs that used the same names (most of them) share one list.
 * @example adoptionPairs(['a', 'b'], [['acme', 'u1', 0, 2]]) // → [{ userKey: 'u1', accountId: 'acme', events: ['b'] }]
 */
export function adoptionPairs(names: readonly string[], pairs: readonly AdoptionPair[]): FeatureAdoption['users'] {
  // The numbers in JavaScript's string order (the server numbers names in byte order, which differs
  // for some characters): a pair's list is then built sorted, with no sort per list.
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const lists = new Map<string, string[]>();
  const listOf = (words: readonly (readonly [number, number])[]): string[] => {
    const key = words.map(([word, bits]) => `${word}:${bits}`).join(',');
    let list = lists.get(key);
    if (!list) {
      const bitsOf = new Map(words);
      lists.set(key, (list = []));
      for (const i of order) if (((bitsOf.get(Math.floor(i / WORD_BITS)) ?? 0) & (1 << (i % WORD_BITS))) !== 0) list.push(names[i]);
    }
    return list;
  };
  const out: FeatureAdoption['users'] = [];
  if (names.length <= WORD_BITS) {
    // One word per pair: its lists found by the word itself (no key built per pair).
    const byBits = new Map<number, string[]>();
    for (const [accountId, userKey, , bits] of pairs) {
      let events = byBits.get(bits);
      if (!events) byBits.set(bits, (events = listOf([[0, bits]])));
      out.push({ userKey, accountId: toAccount(accountId), events });
    }
    return out;
  }
  const byPair = new Map<string, { accountId: string; userKey: string; words: [number, number][] }>();
  for (const [accountId, userKey, word, bits] of pairs) {
    const k = `${accountId}\u0000${userKey}`;
    const pair = byPair.get(k);
    if (pair) pair.words.push([word, bits]);
    else byPair.set(k, { accountId, userKey, words: [[word, bits]] });
  }
  for (const { accountId, userKey, words } of byPair.values()) out.push({ userKey, accountId: toAccount(accountId), events: listOf(words.sort((a, b) => a[0] - b[0])) });
  return out;
}
