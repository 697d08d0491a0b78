// Test support: turns a current database back into the raw-event layout of schema versions 1–39 (one
// text row per event with three indexes), so the upgrade to the compact layout (migration 40) can be
// tested on real data: the old rows are the compact rows decoded by the `event_rows` view.
import type { Database } from 'better-sqlite3';

/** The `events` table of migration 1, exactly. */
const OLD_EVENTS_SQL = `
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
  CREATE INDEX events_by_user ON events (project, user_key);`;

/**
 * Rewrites the compact events as old-layout rows (same time order) restores the rollup indexes migration 40 drops, and forgets migrations ≥ 40.
 * @example downgradeEvents(new Database(file)); openSqliteStore(file) // migrates them again
 */
export function downgradeEvents(db: Database): void {
  db.transaction(() => {
    db.exec(`CREATE TEMP TABLE old_rows AS SELECT project, message_id, type, event, user_id, anonymous_id, user_key, group_id, account_id,
        ts, received_at, session_id, properties, traits, context FROM event_rows ORDER BY id;
      DROP VIEW event_rows; DROP TABLE events; DROP TABLE dict;
      ${OLD_EVENTS_SQL}
      INSERT INTO events (project, message_id, type, event, user_id, anonymous_id, user_key, group_id, account_id, ts, received_at, session_id, properties, traits, context)
        SELECT * FROM old_rows ORDER BY rowid;
      DROP TABLE old_rows;
      CREATE INDEX IF NOT EXISTS feature_usage_by_user ON feature_usage (project, user_key);
      CREATE INDEX IF NOT EXISTS feature_user_days_by_user ON feature_user_days (project, user_key);
      CREATE INDEX IF NOT EXISTS user_activity_by_user ON user_activity (project, user_key);
      CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (project, start_ts);
      CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions (project, account_id, start_ts);
      DELETE FROM schema_migrations WHERE version >= 40;`);
  })();
  db.exec('VACUUM'); // a clean old-layout file, as a collector of version 39 left it
}
