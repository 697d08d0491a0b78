// Migration 42: `feature_days` (feature events per day, account and name) keyed by account first, so
// a segment's feature use in a window is one primary-key range per account (read-statements.ts,
// span-reads.ts) instead of a lookup per row through the old per-account index.

export const featureDaysByAccountMigration = {
  version: 42,
  name: 'feature use per day and name stored by account first',
  sql: `
    -- A segment's use per name reads its accounts' rows of a window: with the account first in the key
    -- they are one range per account instead of a lookup per row through feature_days_by_account.
    CREATE TABLE feature_days_new (
      project TEXT NOT NULL,
      day INTEGER NOT NULL,
      account_id TEXT NOT NULL,
      event TEXT NOT NULL,
      count INTEGER NOT NULL,
      first_ts INTEGER NOT NULL,
      last_ts INTEGER NOT NULL,
      PRIMARY KEY (project, account_id, day, event)
    ) WITHOUT ROWID;
    INSERT INTO feature_days_new (project, day, account_id, event, count, first_ts, last_ts)
      SELECT project, day, account_id, event, count, first_ts, last_ts FROM feature_days ORDER BY project, account_id, day, event;
    DROP TABLE feature_days;
    ALTER TABLE feature_days_new RENAME TO feature_days;
  `,
};
