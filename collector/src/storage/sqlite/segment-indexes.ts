// Migration 45: a segment's per-account rollup reads from ranges per account. Account-days, session-days
// and survey events are keyed by day or time first; a segment's rows of a window were found by reading
// every account's rows and testing each against the list. These covering indexes, account first, hold
// the columns the reads take (small-reads.ts, read-statements.ts), so each listed account is one range.
// For plan=pro (307 of 740 accounts, 30 days): user-days 7.5 → 3.3 ms, sessions 6.7 → 3.0 ms.

export const segmentIndexesMigration = {
  version: 45,
  name: 'account-first covering indexes for segments',
  sql: `
    CREATE INDEX IF NOT EXISTS account_days_by_account ON account_days (project, account_id, day, active_users, last_seen);
    CREATE INDEX IF NOT EXISTS session_days_by_account ON session_days (project, account_id, day, sessions, total_ms);
    -- A segment's answers and response pairs (every column, as survey_events_by_time has).
    DROP INDEX IF EXISTS survey_events_by_account;
    CREATE INDEX survey_events_by_account ON survey_events
      (project, account_id, ts, message_id, kind, survey_id, survey_kind, response_id, user_key, score, comment, choice);
  `,
};
