// Versioned schema of the PostgreSQL store: the same tables as the SQLite store (sqlite/migrations.ts),
// in PostgreSQL types. A released migration is never edited, only appended.
//
// Text keys use the "C" collation so ORDER BY and comparisons are byte-wise, as in SQLite, whatever
// the database's locale. Null accounts are stored as '' in rollup keys, as in SQLite. JSON is kept as
// text: exactly what was sent, and no rejection of `\u0000` or lone surrogates that jsonb would refuse.
import { REBUILD_REPORT_ROLLUPS_SQL, REPORT_ROLLUPS_SCHEMA } from './pg-report-rollups.js';
import { ACCOUNT_NAME_DAYS_SCHEMA, REBUILD_ACCOUNT_NAME_DAYS_SQL } from './pg-account-name-days.js';
import { FEATURE_USER_NAMES_SCHEMA } from './pg-feature-user-names.js';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    name: 'events, profiles and rollups',
    sql: `
      -- id orders events stored at the same ms (as SQLite's rowid); the key is (project, message_id).
      CREATE TABLE events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        project text COLLATE "C" NOT NULL,
        message_id text COLLATE "C" NOT NULL,
        type text COLLATE "C" NOT NULL,
        event text COLLATE "C",
        user_id text COLLATE "C",
        anonymous_id text COLLATE "C",
        user_key text COLLATE "C" NOT NULL,
        group_id text COLLATE "C",
        account_id text COLLATE "C",
        ts bigint NOT NULL,
        received_at bigint NOT NULL,
        session_id text COLLATE "C",
        properties text,
        traits text,
        context text,
        PRIMARY KEY (project, message_id)
      );
      CREATE INDEX events_by_time ON events (project, ts, id);
      CREATE INDEX events_by_user ON events (project, user_key);

      CREATE TABLE users (
        project text COLLATE "C" NOT NULL,
        user_key text COLLATE "C" NOT NULL,
        user_id text COLLATE "C",
        traits text NOT NULL,
        trait_times text NOT NULL,
        last_group_id text COLLATE "C",
        last_group_ts bigint,
        first_seen bigint NOT NULL,
        last_seen bigint NOT NULL,
        PRIMARY KEY (project, user_key)
      );

      -- The latest \`group\` traits of an account; the row appears with the first group call carrying traits.
      CREATE TABLE accounts (
        project text COLLATE "C" NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        name text,
        plan text COLLATE "C",
        seats double precision,
        mrr double precision,
        created_at bigint,
        traits text NOT NULL,
        trait_times text NOT NULL,
        PRIMARY KEY (project, account_id)
      );

      -- Which users sent events attributed to which account, first and last. An account's first/last seen
      -- is read from here (min/max over its users) instead of being kept on the accounts row, which
      -- every batch of the account would otherwise update: one hot row serializing all collectors.
      CREATE TABLE account_users (
        project text COLLATE "C" NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        user_key text COLLATE "C" NOT NULL,
        first_seen bigint NOT NULL,
        last_seen bigint NOT NULL,
        PRIMARY KEY (project, account_id, user_key)
      );
      CREATE INDEX account_users_by_user ON account_users (project, user_key);

      -- userId ↔ anonymousId pairs seen together (GDPR erase of the linked anonymous history).
      CREATE TABLE user_links (
        project text COLLATE "C" NOT NULL,
        user_id text COLLATE "C" NOT NULL,
        anonymous_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (project, user_id, anonymous_id)
      );

      -- Activity events per (day, user, account).
      CREATE TABLE user_days (
        project text COLLATE "C" NOT NULL,
        day integer NOT NULL,
        user_key text COLLATE "C" NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        events integer NOT NULL,
        last_seen bigint NOT NULL,
        PRIMARY KEY (project, day, user_key, account_id)
      );
      CREATE INDEX user_days_by_user ON user_days (project, user_key);

      -- Distinct active users per (account, day): one per user_days row of that account and day.
      CREATE TABLE account_days (
        project text COLLATE "C" NOT NULL,
        day integer NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        active_users integer NOT NULL,
        PRIMARY KEY (project, day, account_id)
      );

      -- Feature (non-$ track) events per (day, account, user, name).
      CREATE TABLE feature_usage (
        project text COLLATE "C" NOT NULL,
        day integer NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        user_key text COLLATE "C" NOT NULL,
        event text COLLATE "C" NOT NULL,
        count integer NOT NULL,
        first_ts bigint NOT NULL,
        last_ts bigint NOT NULL,
        PRIMARY KEY (project, day, account_id, user_key, event)
      );
      CREATE INDEX feature_usage_by_user ON feature_usage (project, user_key);

      -- First time, ever, each user sent each track event in each account.
      CREATE TABLE first_events (
        project text COLLATE "C" NOT NULL,
        event text COLLATE "C" NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        user_key text COLLATE "C" NOT NULL,
        first_ts bigint NOT NULL,
        PRIMARY KEY (project, event, account_id, user_key)
      );
      CREATE INDEX first_events_by_user ON first_events (project, user_key);

      -- Sessions of activity events; session_id '' = implicit session (see SQLite's schema).
      CREATE TABLE sessions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project text COLLATE "C" NOT NULL,
        user_key text COLLATE "C" NOT NULL,
        session_id text COLLATE "C" NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        start_ts bigint NOT NULL,
        end_ts bigint NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (project, user_key, session_id, end_ts);
      CREATE INDEX sessions_by_start ON sessions (project, start_ts);

      CREATE TABLE survey_events (
        project text COLLATE "C" NOT NULL,
        message_id text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL,
        survey_id text COLLATE "C" NOT NULL,
        survey_kind text COLLATE "C",
        response_id text COLLATE "C",
        user_key text COLLATE "C" NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        score double precision,
        comment text,
        ts bigint NOT NULL,
        PRIMARY KEY (project, message_id)
      );
      CREATE INDEX survey_events_by_time ON survey_events (project, ts);
      CREATE INDEX survey_events_by_user ON survey_events (project, user_key, ts);
      CREATE INDEX survey_events_by_account ON survey_events (project, account_id, ts);

      CREATE TABLE plan_changes (
        project text COLLATE "C" NOT NULL,
        message_id text COLLATE "C" NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        plan text COLLATE "C" NOT NULL,
        ts bigint NOT NULL,
        PRIMARY KEY (project, message_id)
      );
      CREATE INDEX plan_changes_by_account ON plan_changes (project, account_id, ts);
    `,
  },
  {
    version: 2,
    name: 'one account\'s activity and sessions by index',
    sql: `
      -- The account page reads one account's rows (userActivity, sessionStats with an accountId).
      CREATE INDEX user_days_by_account ON user_days (project, account_id, day);
      CREATE INDEX sessions_by_account ON sessions (project, account_id, start_ts);
    `,
  },
  {
    version: 10,
    name: 'access tokens and the audit log',
    sql: `
      -- Named tokens (SPEC §16): the SHA-256 of the secret only; revoked rows stay for the audit trail.
      CREATE TABLE IF NOT EXISTS access_tokens (
        id text COLLATE "C" PRIMARY KEY,
        project text COLLATE "C" NOT NULL,
        name text NOT NULL,
        scope text COLLATE "C" NOT NULL,
        account_id text COLLATE "C",
        token_hash text COLLATE "C" NOT NULL UNIQUE,
        created_at bigint NOT NULL,
        last_used_at bigint,
        revoked_at bigint
      );
      CREATE INDEX IF NOT EXISTS access_tokens_by_project ON access_tokens (project, created_at);
      CREATE TABLE IF NOT EXISTS audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project text COLLATE "C" NOT NULL,
        at bigint NOT NULL,
        actor text NOT NULL,
        action text COLLATE "C" NOT NULL,
        target text NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_log_by_project ON audit_log (project, id);
    `,
  },
  {
    version: 30,
    name: 'choice answers of survey events',
    sql: `
      -- A choice survey's picked key (SPEC §13).
      ALTER TABLE survey_events ADD COLUMN choice text;
    `,
  },
  {
    version: 20,
    name: 'notification outbox and state',
    sql: `
      -- Durable outbox of SPEC §11 (see sqlite/migrations.ts); claimed with FOR UPDATE SKIP LOCKED and a lease.
      CREATE TABLE notifications (
        id text COLLATE "C" PRIMARY KEY,
        project text COLLATE "C" NOT NULL,
        type text NOT NULL,
        destination text NOT NULL,
        body text NOT NULL,
        created_at bigint NOT NULL,
        next_attempt_at bigint NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        delivered_at bigint,
        lease_until bigint NOT NULL DEFAULT 0,
        lease_owner text
      );
      CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
      CREATE INDEX notifications_by_project ON notifications (project, created_at);
      CREATE TABLE notification_state (
        project text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (project, key)
      );
    `,
  },
  {
    version: 40,
    name: 'report rollups: day sets per user and feature, feature use per day, sessions and last activity per account and day',
    // See pg-report-rollups.ts; filled from the existing rollups.
    sql: REPORT_ROLLUPS_SCHEMA + REBUILD_REPORT_ROLLUPS_SQL,
  },
  {
    version: 46,
    name: 'feature use per account, day and name (segments and the account page read it instead of per-user rows)',
    // See pg-account-name-days.ts; filled from feature_usage.
    sql: ACCOUNT_NAME_DAYS_SCHEMA + REBUILD_ACCOUNT_NAME_DAYS_SQL,
  },
  {
    version: 50,
    name: 'feature names per user and account, with their last day of use (kept by triggers on the day sets)',
    // See pg-feature-user-names.ts; filled from feature_day_sets.
    sql: FEATURE_USER_NAMES_SCHEMA,
  },
].sort((a, b) => a.version - b.version); // merged from parallel work in any order; applied by version
