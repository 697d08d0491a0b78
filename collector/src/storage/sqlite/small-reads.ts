// Report reads whose answers are a row per account (or a single row): cheap to hand from one thread to
// another, so the reader thread (reader-thread.ts) runs them while the main thread makes the reads
// that return a row per user. Every statement is raw (rows as arrays) and is called as `all(...params)`.
import type { Database } from 'better-sqlite3';
import { sqlActiveIn } from './day-bitmap-functions.js';
import { EVENT_TOTALS_OF_ACCOUNTS_SQL } from './feature-weeks.js';
import { SURVEY_ANSWERS_SQL } from './read-statements.js';

/** Every account id of @project and '' (no account): each one with rows has an `accounts` row (written with its first event, deleted with its last by an erase). */
const EVERY_ACCOUNT = `SELECT '' UNION ALL SELECT account_id FROM accounts WHERE project = @project`;

/**
 * Prepares the small reads on a connection (the main one and the reader thread's).
 * @example prepareSmallReads(db).sessionTotals.all('demo', fromDay, toDay)
 */
export function prepareSmallReads(db: Database) {
  return {
    // Per account (primary key order: no temporary b-tree), and distinct users over all accounts.
    activeUsers: db.prepare(`SELECT account_id, sum(${sqlActiveIn('@from', '@to')}), sum(${sqlActiveIn('@prev', '@from')})
      FROM user_activity WHERE project = @project AND first_day < @to AND last_day >= @prev GROUP BY account_id`).raw(),
    // The listed accounts' (a JSON array: one account, or a segment's), from the primary key.
    activeUsersOfAccounts: db.prepare(`SELECT account_id, sum(${sqlActiveIn('@from', '@to')}), sum(${sqlActiveIn('@prev', '@from')})
      FROM user_activity WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND first_day < @to AND last_day >= @prev GROUP BY account_id`).raw(),
    distinctActiveUsers: db.prepare(`SELECT count(DISTINCT user_key) FROM user_activity
      WHERE project = @project AND ${sqlActiveIn('@from', '@to')}`).raw(),
    distinctActiveUsersOfAccounts: db.prepare(`SELECT count(DISTINCT user_key) FROM user_activity
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND ${sqlActiveIn('@from', '@to')}`).raw(),
    // Every account's, as a list of all of them (with '', no account): one range of the account-first index
    // per account (migration 45), in account order, instead of a sort of the window's (day, account) rows.
    userDays: db.prepare(`SELECT account_id, sum(active_users), max(last_seen) FROM account_days WHERE project = @project AND day >= @from AND day < @to
      AND account_id IN (${EVERY_ACCOUNT}) GROUP BY account_id`).raw(),
    userDaysOfAccounts: db.prepare(`SELECT account_id, sum(active_users), max(last_seen) FROM account_days WHERE project = @project AND day >= @from AND day < @to
      AND account_id IN (SELECT value FROM json_each(@accounts)) GROUP BY account_id`).raw(),
    sessionTotals: db.prepare(`SELECT account_id, sum(sessions), sum(total_ms) FROM session_days
      WHERE project = @project AND day >= @from AND day < @to AND account_id IN (${EVERY_ACCOUNT}) GROUP BY account_id HAVING sum(sessions) > 0`).raw(),
    sessionTotalsOfAccounts: db.prepare(`SELECT account_id, sum(sessions), sum(total_ms) FROM session_days
      WHERE project = @project AND day >= @from AND day < @to AND account_id IN (SELECT value FROM json_each(@accounts)) GROUP BY account_id HAVING sum(sessions) > 0`).raw(),
    // A row per plan change (few): the last change before the window per account (CROSS JOIN: from the per-account maxima into the
    // index, not the other way round), then the window's changes.
    planChanges: db.prepare(`WITH last AS (SELECT account_id, max(ts) AS ts FROM plan_changes WHERE project = @project AND ts < @from GROUP BY account_id)
      SELECT account_id, plan, ts FROM (
        SELECT p.account_id, p.plan, p.ts, p.message_id FROM last CROSS JOIN plan_changes p INDEXED BY plan_changes_by_account
          ON p.project = @project AND p.account_id = last.account_id AND p.ts = last.ts
        UNION ALL
        SELECT account_id, plan, ts, message_id FROM plan_changes WHERE project = @project AND ts >= @from AND ts < @to)
      ORDER BY ts, message_id`).raw(),
    firstEvents: db.prepare(`SELECT account_id, event, min(first_ts) FROM first_events
      WHERE project = ? AND event IN (SELECT value FROM json_each(?)) AND account_id <> '' GROUP BY event, account_id`).raw(),
    // A segment's feature use per name (a row per name): a sort of its accounts' rows of the window's whole
    // weeks and edge days (feature-weeks.ts), made by whichever thread is free first (Store.featureAdoption
    // sends it before its per-user read).
    eventTotalsOfAccounts: db.prepare(EVENT_TOTALS_OF_ACCOUNTS_SQL).raw(),
    // The first half of a large per-user read (Store.surveyAnswers): sent to this thread while the main
    // thread reads the second half (split-reads.ts).
    surveyAnswers: db.prepare(SURVEY_ANSWERS_SQL).raw(),
    // Response rate's (user, survey) pairs: shown in the window, and of those, answered in it too.
    surveyResponsePairs: db.prepare(`SELECT survey_id, sum(shown), sum(shown AND answered) FROM (
      SELECT survey_id, max(kind = 'shown') AS shown, max(kind = 'answered') AS answered FROM survey_events
      WHERE project = ? AND ts >= ? AND ts < ? GROUP BY survey_id, user_key) GROUP BY survey_id`).raw(),
    // The same over the listed accounts' survey events (a segment), from the per-account index.
    surveyResponsePairsOfAccounts: db.prepare(`SELECT survey_id, sum(shown), sum(shown AND answered) FROM (
      SELECT survey_id, max(kind = 'shown') AS shown, max(kind = 'answered') AS answered FROM survey_events INDEXED BY survey_events_by_account
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND ts >= @from AND ts < @to GROUP BY survey_id, user_key) GROUP BY survey_id`).raw(),
    accountSurveyPairs: db.prepare(`SELECT account_id, survey_id, sum(shown), sum(shown AND answered) FROM (
      SELECT account_id, survey_id, max(kind = 'shown') AS shown, max(kind = 'answered') AS answered FROM survey_events
      WHERE project = ? AND ts >= ? AND ts < ? AND account_id <> '' GROUP BY account_id, survey_id, user_key) GROUP BY account_id, survey_id`).raw(),
  };
}

export type SmallReads = ReturnType<typeof prepareSmallReads>;
export type SmallReadName = keyof SmallReads;
