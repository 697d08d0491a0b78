// The per-(user, account) names rollup (migration 50, see ../adoption-names.ts): `feature_user_names`
// holds one row per pair of `feature_user_days` with each name's number (`feature_names`, per project,
// numbered in order of first use) and last day of use, and the pair's last day. Kept by triggers on
// `feature_user_days`, so every path that writes those rows (live batches, the bulk writer, a GDPR
// erase) keeps it too: a row's first insert appends its name, a later last day replaces the name's
// entry, a delete rebuilds the pair from its remaining rows. A window's adoption then reads one row
// per pair as one JSON value (the driver builds no row object per pair) instead of grouping ~37 000
// per-name rows of 8 600 pairs (10 M-event dataset) into names lists.
import type { Database, Statement } from 'better-sqlite3';
import { sqlActiveIn } from './day-bitmap-functions.js';

/** A pair's rebuilt row from its `feature_user_days` rows (`pair`: a condition on f.project, f.account_id, f.user_key). */
const PAIR_FROM_DAYS = (pair: string) => `INSERT INTO feature_user_names (project, account_id, user_key, last_day, names)
    SELECT f.project, f.account_id, f.user_key, max(f.last_day), group_concat(n.no || ':' || f.last_day, ' ')
    FROM feature_user_days f JOIN feature_names n ON n.project = f.project AND n.event = f.event
    WHERE ${pair} GROUP BY f.project, f.account_id, f.user_key`;

/** The entry "no:day " of the row's name, with `day` an SQL expression (inside a trigger on feature_user_days). */
const ENTRY = (day: string) => `(SELECT ' ' || no || ':' || ${day} || ' ' FROM feature_names WHERE project = NEW.project AND event = NEW.event)`;

export const featureUserNamesMigration = {
  version: 50,
  name: 'feature names per user and account, with their last day of use',
  sql: `
    -- Stable small numbers of the feature event names, per project, in order of first use.
    -- IF NOT EXISTS and DELETE: a database whose migrations were undone for a rerun is filled afresh.
    CREATE TABLE IF NOT EXISTS feature_names (
      project TEXT NOT NULL,
      event TEXT NOT NULL,
      no INTEGER NOT NULL,
      PRIMARY KEY (project, event)
    ) WITHOUT ROWID;
    -- One row per (account, user) of feature_user_days: "no:lastDay" per name used, space-separated.
    CREATE TABLE IF NOT EXISTS feature_user_names (
      project TEXT NOT NULL,
      account_id TEXT NOT NULL,
      user_key TEXT NOT NULL,
      last_day INTEGER NOT NULL,
      names TEXT NOT NULL,
      PRIMARY KEY (project, account_id, user_key)
    ) WITHOUT ROWID;
    DELETE FROM feature_names;
    DELETE FROM feature_user_names;
    INSERT INTO feature_names (project, event, no)
      SELECT project, event, row_number() OVER (PARTITION BY project ORDER BY event) - 1 FROM (SELECT DISTINCT project, event FROM feature_user_days);
    ${PAIR_FROM_DAYS('true')};

    DROP TRIGGER IF EXISTS feature_user_names_insert;
    DROP TRIGGER IF EXISTS feature_user_names_update;
    DROP TRIGGER IF EXISTS feature_user_names_delete;
    CREATE TRIGGER feature_user_names_insert AFTER INSERT ON feature_user_days BEGIN
      INSERT INTO feature_names (project, event, no)
        SELECT NEW.project, NEW.event, (SELECT count(*) FROM feature_names WHERE project = NEW.project)
        WHERE NOT EXISTS (SELECT 1 FROM feature_names WHERE project = NEW.project AND event = NEW.event);
      INSERT INTO feature_user_names (project, account_id, user_key, last_day, names)
        SELECT NEW.project, NEW.account_id, NEW.user_key, NEW.last_day, no || ':' || NEW.last_day FROM feature_names
        WHERE project = NEW.project AND event = NEW.event
        ON CONFLICT (project, account_id, user_key) DO UPDATE SET last_day = max(last_day, excluded.last_day), names = names || ' ' || excluded.names;
    END;
    -- Entries hold no spaces: the name's entry is found between spaces and the ends trimmed after.
    CREATE TRIGGER feature_user_names_update AFTER UPDATE OF last_day ON feature_user_days WHEN NEW.last_day <> OLD.last_day BEGIN
      UPDATE feature_user_names SET last_day = max(last_day, NEW.last_day),
        names = trim(replace(' ' || names || ' ', ${ENTRY('OLD.last_day')}, ${ENTRY('NEW.last_day')}), ' ')
        WHERE project = NEW.project AND account_id = NEW.account_id AND user_key = NEW.user_key;
    END;
    CREATE TRIGGER feature_user_names_delete AFTER DELETE ON feature_user_days BEGIN
      DELETE FROM feature_user_names WHERE project = OLD.project AND account_id = OLD.account_id AND user_key = OLD.user_key;
      ${PAIR_FROM_DAYS('f.project = OLD.project AND f.account_id = OLD.account_id AND f.user_key = OLD.user_key')};
    END;
  `,
};

type Scope = '' | 'list';
const SCOPE: Record<Scope, string> = { '': '', list: ' AND account_id IN (SELECT value FROM json_each(@accounts))' };

/**
 * The reads of `Store.featureAdoption`'s members: the project's name numbers; the pairs whose last day
 * is in [@from, @to) as one JSON array of [account, user, names]; and the pairs active on or after @to,
 * from their per-name day sets (one row per pair, its names as a JSON array), of every account or of
 * the listed ones (@accounts, a JSON array).
 * @example const reads = prepareFeatureUserNameReads(db); reads.names.all('demo')
 */
export function prepareFeatureUserNameReads(db: Database) {
  const recent = (scope: Scope) => db.prepare(`SELECT json_group_array(json_array(account_id, user_key, names)) FROM feature_user_names
    WHERE project = @project AND last_day >= @from AND last_day < @to${SCOPE[scope]}`).pluck() as Statement<[object], string>;
  // From each such pair to its rows (CROSS JOIN: pairs first, then the day sets' primary key).
  const later = (scope: Scope) => db.prepare(`SELECT account_id, user_key, json_group_array(event)
    FROM (SELECT account_id AS pair_account, user_key AS pair_user FROM feature_user_names WHERE project = @project AND last_day >= @to${SCOPE[scope]})
      CROSS JOIN feature_user_days ON project = @project AND account_id = pair_account AND user_key = pair_user
    WHERE ${sqlActiveIn('@from', '@to')} GROUP BY account_id, user_key`).raw() as Statement<[object], [string, string, string]>;
  return {
    names: db.prepare(`SELECT no, event FROM feature_names WHERE project = ?`).raw() as Statement<[string], [number, string]>,
    recent: recent(''),
    recentOfAccounts: recent('list'),
    later: later(''),
    laterOfAccounts: later('list'),
  };
}

export type FeatureUserNameReads = ReturnType<typeof prepareFeatureUserNameReads>;
