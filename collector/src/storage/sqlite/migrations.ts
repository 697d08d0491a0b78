// Versioned schema of the SQLite store. Migrations are applied in order at open, each in its own
// transaction, and recorded in `schema_migrations`; a released migration is never edited, only appended.
//
// Null accounts are stored as '' in rollup tables (SQLite treats NULLs as distinct in keys) and read
// back as null. Rollup tables are what reports read; the raw `events` table is only written, scanned
// by tests and deleted from (GDPR, retention).

import type { Database } from 'better-sqlite3';
import { compactEventsMigration } from './compact-events-migration.js';
import { accountFeatureDaysMigration } from './account-feature-days.js';
import { featureDaysByAccountMigration } from './feature-days-by-account.js';
import { featureWeeksMigration } from './feature-weeks.js';
import { segmentIndexesMigration } from './segment-indexes.js';
import { featureUserNamesMigration } from './feature-user-names.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL alone cannot do (run after `sql`, in the same transaction). */
  up?: (db: Database) => void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'events, profiles and rollups',
    sql: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        project TEXT NOT NULL,
        message_id TEXT NOT NULL,
        type TEXT NOT NULL,
        event TEXT,
        user_id TEXT,
        anonymous_id TEXT,
        user_key TEXT NOT NULL,
        group_id TEXT,
        account_id TEXT,
        ts INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        session_id TEXT,
        properties TEXT,
        traits TEXT,
        context TEXT,
        UNIQUE (project, message_id)
      );
      CREATE INDEX events_by_time ON events (project, ts);
      CREATE INDEX events_by_user ON events (project, user_key);

      CREATE TABLE users (
        project TEXT NOT NULL,
        user_key TEXT NOT NULL,
        user_id TEXT,
        traits TEXT NOT NULL,
        trait_times TEXT NOT NULL,
        last_group_id TEXT,
        last_group_ts INTEGER,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (project, user_key)
      ) WITHOUT ROWID;

      CREATE TABLE accounts (
        project TEXT NOT NULL,
        account_id TEXT NOT NULL,
        name TEXT,
        plan TEXT,
        seats REAL,
        mrr REAL,
        created_at INTEGER,
        traits TEXT NOT NULL,
        trait_times TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (project, account_id)
      ) WITHOUT ROWID;

      -- Which users sent events attributed to which account: recomputes account first/last seen after a GDPR erase.
      CREATE TABLE account_users (
        project TEXT NOT NULL,
        account_id TEXT NOT NULL,
        user_key TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (project, account_id, user_key)
      ) WITHOUT ROWID;
      CREATE INDEX account_users_by_user ON account_users (project, user_key);

      -- userId ↔ anonymousId pairs seen together: a GDPR erase also removes the linked anonymous history,
      -- even after the raw events were purged.
      CREATE TABLE user_links (
        project TEXT NOT NULL,
        user_id TEXT NOT NULL,
        anonymous_id TEXT NOT NULL,
        PRIMARY KEY (project, user_id, anonymous_id)
      ) WITHOUT ROWID;

      -- Activity events per (day, user, account).
      CREATE TABLE user_days (
        project TEXT NOT NULL,
        day INTEGER NOT NULL,
        user_key TEXT NOT NULL,
        account_id TEXT NOT NULL,
        events INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (project, day, user_key, account_id)
      ) WITHOUT ROWID;
      CREATE INDEX user_days_by_user ON user_days (project, user_key);

      -- Distinct active users per (account, day): one per user_days row of that account and day.
      CREATE TABLE account_days (
        project TEXT NOT NULL,
        day INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        active_users INTEGER NOT NULL,
        PRIMARY KEY (project, day, account_id)
      ) WITHOUT ROWID;

      -- Feature (non-$ track) events per (day, account, user, name).
      CREATE TABLE feature_usage (
        project TEXT NOT NULL,
        day INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        user_key TEXT NOT NULL,
        event TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        PRIMARY KEY (project, day, account_id, user_key, event)
      ) WITHOUT ROWID;
      CREATE INDEX feature_usage_by_user ON feature_usage (project, user_key);

      -- First time, ever, each user sent each track event in each account (firstEvents takes the MIN per account).
      CREATE TABLE first_events (
        project TEXT NOT NULL,
        event TEXT NOT NULL,
        account_id TEXT NOT NULL,
        user_key TEXT NOT NULL,
        first_ts INTEGER NOT NULL,
        PRIMARY KEY (project, event, account_id, user_key)
      ) WITHOUT ROWID;
      CREATE INDEX first_events_by_user ON first_events (project, user_key);

      -- Sessions of activity events. session_id '' = implicit session (events without context.sessionId,
      -- consecutive events less than 30 minutes apart). account_id = account of the session's first event.
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        project TEXT NOT NULL,
        user_key TEXT NOT NULL,
        session_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        start_ts INTEGER NOT NULL,
        end_ts INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (project, user_key, session_id, end_ts);
      CREATE INDEX sessions_by_start ON sessions (project, start_ts);

      CREATE TABLE survey_events (
        project TEXT NOT NULL,
        message_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        survey_id TEXT NOT NULL,
        survey_kind TEXT,
        response_id TEXT,
        user_key TEXT NOT NULL,
        account_id TEXT NOT NULL,
        score REAL,
        comment TEXT,
        ts INTEGER NOT NULL,
        PRIMARY KEY (project, message_id)
      ) WITHOUT ROWID;
      CREATE INDEX survey_events_by_time ON survey_events (project, ts);
      CREATE INDEX survey_events_by_user ON survey_events (project, user_key, ts);
      CREATE INDEX survey_events_by_account ON survey_events (project, account_id, ts);

      CREATE TABLE plan_changes (
        project TEXT NOT NULL,
        message_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        plan TEXT NOT NULL,
        ts INTEGER NOT NULL,
        PRIMARY KEY (project, message_id)
      ) WITHOUT ROWID;
      CREATE INDEX plan_changes_by_account ON plan_changes (project, account_id, ts);
    `,
  },
  {
    version: 2,
    name: 'feature adoption rollups (one row per user and feature, with a day bitmap)',
    // Needs the day_bits SQL functions (day-bitmap-functions.ts), registered before migrating.
    sql: `
      -- Days each (account, user, feature event) was used: bit i of days = day first_day + i.
      -- One row per (user, feature) pair instead of one per pair and day, so a window's adoption is a scan
      -- of pairs; the bitmap is only tested when the window does not cover [first_day, last_day].
      CREATE TABLE feature_user_days (
        project TEXT NOT NULL,
        account_id TEXT NOT NULL,
        user_key TEXT NOT NULL,
        event TEXT NOT NULL,
        first_day INTEGER NOT NULL,
        last_day INTEGER NOT NULL,
        days BLOB NOT NULL,
        PRIMARY KEY (project, account_id, user_key, event)
      ) WITHOUT ROWID;
      CREATE INDEX feature_user_days_by_user ON feature_user_days (project, user_key);

      -- Feature events per (day, account, name), over all users: windowed counts and first/last use.
      CREATE TABLE feature_days (
        project TEXT NOT NULL,
        day INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        event TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        PRIMARY KEY (project, day, account_id, event)
      ) WITHOUT ROWID;
      CREATE INDEX feature_days_by_account ON feature_days (project, account_id, day);

      INSERT INTO feature_user_days (project, account_id, user_key, event, first_day, last_day, days)
        SELECT project, account_id, user_key, event, min(day), max(day), day_bits(day)
        FROM feature_usage GROUP BY project, account_id, user_key, event;
      INSERT INTO feature_days (project, day, account_id, event, count, first_ts, last_ts)
        SELECT project, day, account_id, event, sum(count), min(first_ts), max(last_ts)
        FROM feature_usage GROUP BY project, day, account_id, event;

      -- One account's activity and sessions (account page) without scanning every account's rows.
      CREATE INDEX user_days_by_account ON user_days (project, account_id, day);
      CREATE INDEX sessions_by_account ON sessions (project, account_id, start_ts);
    `,
  },
  {
    version: 3,
    name: 'feature use per day and name',
    sql: `
      -- Feature events per (day, name) over every account: the features and overview reports' event counts
      -- without reading every account's rows.
      CREATE TABLE feature_event_days (
        project TEXT NOT NULL,
        day INTEGER NOT NULL,
        event TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        PRIMARY KEY (project, day, event)
      ) WITHOUT ROWID;
      INSERT INTO feature_event_days (project, day, event, count, first_ts, last_ts)
        SELECT project, day, event, sum(count), min(first_ts), max(last_ts) FROM feature_days GROUP BY project, day, event;
    `,
  },
  {
    version: 4,
    name: 'activity per user and account with a day bitmap, account last seen per day, session totals per account and day',
    // Needs the day_bits SQL functions (day-bitmap-functions.ts), registered before migrating.
    sql: `
      -- Days each (account, user) was active: the window's active users and the previous window's in one
      -- pass over pairs instead of a GROUP BY over every (day, user) row of both windows.
      CREATE TABLE user_activity (
        project TEXT NOT NULL,
        account_id TEXT NOT NULL,
        user_key TEXT NOT NULL,
        first_day INTEGER NOT NULL,
        last_day INTEGER NOT NULL,
        days BLOB NOT NULL,
        PRIMARY KEY (project, account_id, user_key)
      ) WITHOUT ROWID;
      CREATE INDEX user_activity_by_user ON user_activity (project, user_key);
      INSERT INTO user_activity (project, account_id, user_key, first_day, last_day, days)
        SELECT project, account_id, user_key, min(day), max(day), day_bits(day)
        FROM user_days GROUP BY project, account_id, user_key;

      -- Last activity event of each account and day: the account's last seen in a window.
      ALTER TABLE account_days ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
      DELETE FROM account_days;
      INSERT INTO account_days (project, day, account_id, active_users, last_seen)
        SELECT project, day, account_id, count(*), max(last_seen) FROM user_days WHERE account_id <> ''
        GROUP BY project, day, account_id;

      -- Sessions per (account of their first event, day of their first event): count and summed length.
      CREATE TABLE session_days (
        project TEXT NOT NULL,
        day INTEGER NOT NULL,
        account_id TEXT NOT NULL,
        sessions INTEGER NOT NULL,
        total_ms INTEGER NOT NULL,
        PRIMARY KEY (project, day, account_id)
      ) WITHOUT ROWID;
      INSERT INTO session_days (project, day, account_id, sessions, total_ms)
        SELECT project, start_ts / 86400000, account_id, count(*), sum(end_ts - start_ts)
        FROM sessions GROUP BY project, start_ts / 86400000, account_id;
    `,
  },
  {
    version: 5,
    name: 'the last 62 days of each day bitmap as an integer',
    // Needs the day_bits SQL functions (day-bitmap-functions.ts), registered before migrating.
    sql: `
      -- Bit i of recent = active on day (last_day - i): recent windows are tested with integer operations.
      ALTER TABLE user_activity ADD COLUMN recent INTEGER NOT NULL DEFAULT 0;
      UPDATE user_activity SET recent = day_bits_recent(days, first_day, last_day);
      ALTER TABLE feature_user_days ADD COLUMN recent INTEGER NOT NULL DEFAULT 0;
      UPDATE feature_user_days SET recent = day_bits_recent(days, first_day, last_day);
    `,
  },
  {
    version: 6,
    name: 'survey events of a window read from one index',
    sql: `
      -- Every column the reports read, in time order: a window's survey events without a lookup per row.
      DROP INDEX survey_events_by_time;
      CREATE INDEX survey_events_by_time ON survey_events
        (project, ts, message_id, kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment);
    `,
  },
  {
    version: 10,
    name: 'access tokens and the audit log',
    sql: `
      -- Named tokens (SPEC §16): the SHA-256 of the secret only; revoked rows stay for the audit trail.
      CREATE TABLE IF NOT EXISTS access_tokens (
        id TEXT PRIMARY KEY,
        project TEXT NOT NULL,
        name TEXT NOT NULL,
        scope TEXT NOT NULL,
        account_id TEXT,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS access_tokens_by_project ON access_tokens (project, created_at);
      CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_log_by_project ON audit_log (project, id);
    `,
  },
  {
    version: 30,
    name: 'choice answers of survey events',
    sql: `
      -- A choice survey's picked key (SPEC §13); the window's covering index carries it too.
      ALTER TABLE survey_events ADD COLUMN choice TEXT;
      DROP INDEX survey_events_by_time;
      CREATE INDEX survey_events_by_time ON survey_events
        (project, ts, message_id, kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, choice);
    `,
  },
  {
    version: 20,
    name: 'notification outbox and state',
    sql: `
      -- Durable outbox of SPEC §11: a row per (notification, destination), claimed with a lease.
      -- IF NOT EXISTS: a database whose later migrations were undone for a rerun keeps these tables.
      CREATE TABLE IF NOT EXISTS notifications (
        id TEXT PRIMARY KEY,
        project TEXT NOT NULL,
        type TEXT NOT NULL,
        destination TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        delivered_at INTEGER,
        lease_until INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT
      );
      CREATE INDEX IF NOT EXISTS notifications_due ON notifications (status, next_attempt_at);
      CREATE INDEX IF NOT EXISTS notifications_by_project ON notifications (project, created_at);
      CREATE TABLE IF NOT EXISTS notification_state (
        project TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (project, key)
      );
    `,
  },
  accountFeatureDaysMigration,
  compactEventsMigration,
  featureDaysByAccountMigration,
  featureWeeksMigration,
  segmentIndexesMigration,
  featureUserNamesMigration,
].sort((a, b) => a.version - b.version); // merged from parallel work in any order; applied by version
