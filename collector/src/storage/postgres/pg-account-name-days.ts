// The PostgreSQL store's per-account feature rollups (migration 46), kept at ingest, rebuilt by
// `migrate`, recomputed for the keys an erased user counted in:
// - account_name_days: feature use per (account, day, name), what a segment's or one account's use
//   per name reads (features' `events`, the account page's first and last use, a segment's trend
//   points), as SQLite's feature_days. Summing feature_usage instead read one entry per (account,
//   user, name, day): 3.6 × more rows on the 10 M-event dataset.
// - account_feature_day_sets: the days any user of an account used a name, as a day set (bit
//   string, as pg-report-rollups.ts' sets): breadth over a window or a year's span (churn, trends,
//   health) reads one row per (account, name), as SQLite's account_feature_days, instead of OR-ing
//   every user's set.
import type pg from 'pg';
import { featureUseByAccountDay, type BatchDeltas } from '../rollup-deltas.js';
import type { Pipeline } from './pg-pipeline.js';
import { daySetBits, daysBy, MERGE_DAYS } from './pg-report-rollups.js';

/** Migration 46: the table, filled from feature_usage; the index only the account page read is dropped. */
export const ACCOUNT_NAME_DAYS_SCHEMA = `
  CREATE TABLE account_name_days (
    project text COLLATE "C" NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    day integer NOT NULL,
    event text COLLATE "C" NOT NULL,
    count bigint NOT NULL,
    first_ts bigint NOT NULL,
    last_ts bigint NOT NULL,
    -- The sums in the key's index: a segment's window is an index-only scan (9–13 ms for 99 accounts'
    -- 10 674 rows on 3.5 M events; 20–40 ms through the heap).
    PRIMARY KEY (project, account_id, day, event) INCLUDE (count, first_ts, last_ts)
  );
  DROP INDEX IF EXISTS feature_usage_by_account;
  CREATE TABLE account_feature_day_sets (
    project text COLLATE "C" NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    event text COLLATE "C" NOT NULL,
    first_day integer NOT NULL,
    last_day integer NOT NULL,
    days bit varying NOT NULL,
    PRIMARY KEY (project, account_id, event)
  );
`;

/** The (account, name) day sets from feature_usage's rows (all, or those of the keys in $KEYS). */
const ACCOUNT_FEATURE_SETS_SELECT = (where: string) => `
  SELECT project, account_id, event, f, l, bit_or(uptake_days_at(B'1', day, f, l - f + 1))
  FROM (SELECT project, account_id, event, day, min(day) OVER w AS f, max(day) OVER w AS l
        FROM (SELECT DISTINCT project, account_id, event, day FROM feature_usage WHERE account_id <> ''${where}) AS u
        WINDOW w AS (PARTITION BY project, account_id, event)) AS d
  GROUP BY project, account_id, event, f, l`;

/** Recomputes the table from feature_usage (after the migration creates it, and after `migrate`'s copy); users without an account are left out. */
export const REBUILD_ACCOUNT_NAME_DAYS_SQL = `
  TRUNCATE account_name_days;
  INSERT INTO account_name_days (project, account_id, day, event, count, first_ts, last_ts)
    SELECT project, account_id, day, event, sum(count), min(first_ts), max(last_ts) FROM feature_usage
    WHERE account_id <> '' GROUP BY project, account_id, day, event ORDER BY project, account_id, day, event;
  TRUNCATE account_feature_day_sets;
  INSERT INTO account_feature_day_sets (project, account_id, event, first_day, last_day, days) ${ACCOUNT_FEATURE_SETS_SELECT('')};
`;

/**
 * Sends the upsert of a batch's feature use per (account, day, name). Rows every user of the account
 * shares: sent after the per-user rows, in key order (no deadlock between batches).
 */
export function sendAccountNameDays(tx: Pipeline, project: string, d: BatchDeltas): void {
  const rows = featureUseByAccountDay(d.featureUsage.values()).filter((r) => r.accountId !== '');
  if (rows.length === 0) return;
  tx.send(
    `INSERT INTO account_name_days AS n (project, account_id, day, event, count, first_ts, last_ts)
      SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[]) AS x(account_id, day, event, count, first_ts, last_ts)
      ORDER BY account_id, day, event
      ON CONFLICT (project, account_id, day, event) DO UPDATE SET count = n.count + excluded.count,
        first_ts = least(n.first_ts, excluded.first_ts), last_ts = greatest(n.last_ts, excluded.last_ts)`,
    [project, rows.map((r) => r.accountId), rows.map((r) => r.day), rows.map((r) => r.event), rows.map((r) => r.count), rows.map((r) => r.firstTs), rows.map((r) => r.lastTs)],
  );
  // A set that already holds the batch's days is not rewritten (most batches: today is in it).
  const sets = [...daysBy(rows, (r) => `${r.accountId}\u0000${r.event}`, (r) => r.day).values()]
    .map(({ row, days }) => ({ row, ...daySetBits(days) }))
    .sort((a, b) => (a.row.accountId < b.row.accountId ? -1 : a.row.accountId > b.row.accountId ? 1 : a.row.event < b.row.event ? -1 : a.row.event > b.row.event ? 1 : 0));
  tx.send(
    `INSERT INTO account_feature_day_sets AS s (project, account_id, event, first_day, last_day, days)
      SELECT $1, a, e, f, l, b::bit varying FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::text[]) AS x(a, e, f, l, b)
      ON CONFLICT (project, account_id, event) DO UPDATE SET ${MERGE_DAYS}`,
    [project, sets.map((s) => s.row.accountId), sets.map((s) => s.row.event), sets.map((s) => s.first), sets.map((s) => s.last), sets.map((s) => s.bits)],
  );
}

export interface ErasedAccountNameDays {
  account_id: string;
  day: number;
  event: string;
}

/**
 * The (account, day, name) keys the erased users' feature_usage rows count in (read before they are deleted).
 * @example const keys = await readErasedAccountNameDays(q); …delete…; recomputeAccountNameDays(tx, project, keys)
 */
export async function readErasedAccountNameDays(q: (sql: string) => Promise<pg.QueryResult>): Promise<ErasedAccountNameDays[]> {
  return (await q(`SELECT DISTINCT account_id, day, event FROM feature_usage WHERE project = $1 AND user_key = ANY($2::text[]) AND account_id <> ''`)).rows;
}

/** Recomputes those keys' rows from what remains (after the erased users' rows are deleted). */
export async function recomputeAccountNameDays(tx: Pipeline, project: string, erased: ErasedAccountNameDays[]): Promise<void> {
  if (erased.length === 0) return;
  const once = { prepared: false };
  const params = [project, erased.map((r) => r.account_id), erased.map((r) => r.day), erased.map((r) => r.event)];
  const keys = '(account_id, day, event) IN (SELECT * FROM unnest($2::text[], $3::int[], $4::text[]))';
  void tx.send(`DELETE FROM account_name_days WHERE project = $1 AND ${keys}`, params, once);
  void tx.send(
    `INSERT INTO account_name_days (project, account_id, day, event, count, first_ts, last_ts)
      SELECT project, account_id, day, event, sum(count), min(first_ts), max(last_ts) FROM feature_usage
      WHERE project = $1 AND ${keys} GROUP BY project, account_id, day, event`,
    params,
    once,
  );
  // The (account, name) sets those keys belong to, made again from the remaining rows.
  const pairs = [...new Map(erased.map((r) => [`${r.account_id}\u0000${r.event}`, r])).values()];
  const pairParams = [project, pairs.map((r) => r.account_id), pairs.map((r) => r.event)];
  const pairKeys = '(account_id, event) IN (SELECT * FROM unnest($2::text[], $3::text[]))';
  void tx.send(`DELETE FROM account_feature_day_sets WHERE project = $1 AND ${pairKeys}`, pairParams, once);
  void tx.send(
    `INSERT INTO account_feature_day_sets (project, account_id, event, first_day, last_day, days) ${ACCOUNT_FEATURE_SETS_SELECT(` AND project = $1 AND ${pairKeys}`)}`,
    pairParams,
    once,
  );
  await tx.settle();
}
