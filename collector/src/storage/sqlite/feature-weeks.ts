// The weekly feature rollup (migration 44): feature events per (account, week, name), the sum of the
// account's `feature_days` rows of that week. A segment's use per name over a window (overview, features)
// reads the window's whole weeks here and only its edge days from `feature_days`: for 30 days about a
// third of the rows to sum and sort. Weeks run Monday to Sunday (UTC), as the trends' week intervals do.
// Written with `feature_days` (write-batch.ts), recomputed from it after a GDPR erase, untouched by the
// retention purge (raw events only). Users without an account have no row: a segment lists accounts.
import type { Database, Statement } from 'better-sqlite3';
import { NO_ACCOUNT, sumFeatureUse, type FeatureUse } from '../rollup-deltas.js';

/** Days since 1970-01-01 (a Thursday) → weeks: week w is days [7w − 3, 7w + 4), Monday to Sunday. */
export const weekOfDay = (day: number): number => Math.floor((day + 3) / 7);
/** The Monday that starts week `week` (days since 1970-01-01). */
export const firstDayOfWeek = (week: number): number => week * 7 - 3;

/**
 * How a window of days [fromDay, toDay) splits: its whole weeks [fromWeek, toWeek) and the days around them,
 * [fromDay, headTo) and [tailFrom, toDay). Without a whole week the window is all head (tail empty).
 * @example weekSplit(20_763, 20_793) // a Friday to a Sunday: 3 head days, weeks 2967–2969, 6 tail days
 */
export function weekSplit(fromDay: number, toDay: number): { fromWeek: number; toWeek: number; headTo: number; tailFrom: number } {
  const fromWeek = weekOfDay(fromDay + 6); // the first week starting on or after fromDay
  const toWeek = weekOfDay(toDay); // weeks before the one holding toDay end on or before it
  if (fromWeek >= toWeek) return { fromWeek, toWeek: fromWeek, headTo: toDay, tailFrom: toDay };
  return { fromWeek, toWeek, headTo: firstDayOfWeek(fromWeek), tailFrom: firstDayOfWeek(toWeek) };
}

export const featureWeeksMigration = {
  version: 44,
  name: 'feature use per account, week and name',
  sql: `
    -- Feature events per (account, week, name): a window's whole weeks for a segment's use per name.
    -- IF NOT EXISTS and DELETE: a database whose migrations were undone for a rerun is filled afresh.
    CREATE TABLE IF NOT EXISTS feature_weeks (
      project TEXT NOT NULL,
      account_id TEXT NOT NULL,
      week INTEGER NOT NULL,
      event TEXT NOT NULL,
      count INTEGER NOT NULL,
      first_ts INTEGER NOT NULL,
      last_ts INTEGER NOT NULL,
      PRIMARY KEY (project, account_id, week, event)
    ) WITHOUT ROWID;
    DELETE FROM feature_weeks;
    INSERT INTO feature_weeks (project, account_id, week, event, count, first_ts, last_ts)
      SELECT project, account_id, (day + 3) / 7, event, sum(count), min(first_ts), max(last_ts) FROM feature_days
      WHERE account_id <> '' GROUP BY project, account_id, (day + 3) / 7, event;
  `,
};

type WeekUpsert = Statement<[string, string, number, string, number, number, number]>;

/** The upsert of a batch's use of an (account, week, name) into its stored row. */
export function prepareFeatureWeekUpsert(db: Database): WeekUpsert {
  return db.prepare(`INSERT INTO feature_weeks (project, account_id, week, event, count, first_ts, last_ts) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (project, account_id, week, event) DO UPDATE SET count = count + excluded.count,
      first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)`);
}

/**
 * Adds a batch's use per (day, account, name) to the weekly rows, one upsert per (account, week, name).
 * @example writeFeatureWeeks(upsert, 'demo', [{ day: 20_000, accountId: 'acme', event: 'Export', count: 2, firstTs, lastTs }])
 */
export function writeFeatureWeeks(upsert: WeekUpsert, project: string, rows: readonly (FeatureUse & { day: number; accountId: string; event: string })[]): void {
  const weeks = sumFeatureUse(
    rows.filter((r) => r.accountId !== NO_ACCOUNT),
    (r) => `${weekOfDay(r.day)}\u0000${r.accountId}\u0000${r.event}`,
    (r) => ({ week: weekOfDay(r.day), accountId: r.accountId, event: r.event }),
  );
  for (const w of weeks) upsert.run(project, w.accountId, w.week, w.event, w.count, w.firstTs, w.lastTs);
}

/**
 * After a GDPR erase rewrote `feature_days` rows: the (account, week, name) rows holding those days,
 * summed again from what remains (deleted when nothing is left). Run inside the erase's transaction.
 * @example recomputeFeatureWeeks(db, 'demo', [[20_000, 'acme', 'Export']])
 */
export function recomputeFeatureWeeks(db: Database, project: string, days: Iterable<readonly [number, string, string]>): void {
  const remove = db.prepare('DELETE FROM feature_weeks WHERE project = ? AND account_id = ? AND week = ? AND event = ?');
  const rebuild = db.prepare(`INSERT INTO feature_weeks (project, account_id, week, event, count, first_ts, last_ts)
    SELECT project, account_id, @week, event, sum(count), min(first_ts), max(last_ts) FROM feature_days
    WHERE project = @project AND account_id = @account AND day >= @from AND day < @to AND event = @event GROUP BY project, account_id, event`);
  const done = new Set<string>();
  for (const [day, accountId, event] of days) {
    const week = weekOfDay(day);
    const key = `${week}\u0000${accountId}\u0000${event}`;
    if (accountId === NO_ACCOUNT || done.has(key)) continue;
    done.add(key);
    remove.run(project, accountId, week, event);
    rebuild.run({ project, account: accountId, week, event, from: firstDayOfWeek(week), to: firstDayOfWeek(week + 1) });
  }
}

/**
 * A segment's use per name over [@from, @to): the head and tail days from `feature_days`, the whole weeks
 * [@fromWeek, @toWeek) from `feature_weeks` (@headTo, @tailFrom from weekSplit), one range of each
 * primary key per listed account (@accounts: a JSON array); a row per name.
 */
export const EVENT_TOTALS_OF_ACCOUNTS_SQL = `SELECT event, sum(count), min(first_ts), max(last_ts) FROM (
    SELECT event, count, first_ts, last_ts FROM feature_days
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND day >= @from AND day < @headTo
    UNION ALL SELECT event, count, first_ts, last_ts FROM feature_weeks
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND week >= @fromWeek AND week < @toWeek
    UNION ALL SELECT event, count, first_ts, last_ts FROM feature_days
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND day >= @tailFrom AND day < @to)
  GROUP BY event`;
