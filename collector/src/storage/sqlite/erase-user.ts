// The SQLite store's GDPR erase (SPEC §16), run by the store in one IMMEDIATE transaction on its
// main connection (with secure_delete on, so the deleted content is zeroed).
import type { Database as Db } from 'better-sqlite3';
import type { ReadStatements } from './read-statements.js';
import { eraseRawEvents } from './erase-raw-events.js';
import { recomputeAccountFeatureDays } from './account-feature-days.js';
import { recomputeFeatureWeeks } from './feature-weeks.js';

/**
 * GDPR erase inside a transaction: raw events of the user and of the anonymous ids seen with them,
 * their profile, responses and every rollup row; account-level rollups are corrected, not rebuilt.
 */
export function eraseUser(db: Db, read: ReadStatements, project: string, userId: string): { events: number } {
  const keys = [userId, ...read.linkedAnonymousIds.all(project, userId).filter((k) => k !== userId)];
  const keysJson = JSON.stringify(keys);
  const inKeys = `project = ? AND user_key IN (SELECT value FROM json_each(?))`;

  const events = eraseRawEvents(db, project, userId, keysJson);

  // Each (day, user, account) activity row contributed exactly one active user to its account-day.
  db.prepare(`UPDATE account_days SET active_users = active_users - (
      SELECT count(*) FROM user_days ud WHERE ud.project = account_days.project AND ud.day = account_days.day
        AND ud.account_id = account_days.account_id AND ud.user_key IN (SELECT value FROM json_each(?)))
    WHERE project = ? AND (day, account_id) IN (SELECT day, account_id FROM user_days WHERE ${inKeys} AND account_id <> '')`).run(
    keysJson,
    project,
    project,
    keysJson,
  );
  db.prepare(`DELETE FROM account_days WHERE project = ? AND active_users <= 0`).run(project);
  // Account-days the user was active on get their last activity back from the remaining users (below).
  const activeDays = JSON.stringify(db.prepare(`SELECT DISTINCT day, account_id FROM user_days WHERE ${inKeys} AND account_id <> ''`).raw().all(project, keysJson));
  // The user's sessions leave their (day, account) totals.
  db.prepare(`UPDATE session_days SET sessions = session_days.sessions - s.n, total_ms = session_days.total_ms - s.ms
    FROM (SELECT start_ts / 86400000 AS day, account_id, count(*) AS n, sum(end_ts - start_ts) AS ms FROM sessions WHERE ${inKeys} GROUP BY 1, 2) AS s
    WHERE session_days.project = ? AND session_days.day = s.day AND session_days.account_id = s.account_id`).run(project, keysJson, project);
  db.prepare(`DELETE FROM session_days WHERE project = ? AND sessions <= 0`).run(project);

  const accounts = db.prepare(`SELECT DISTINCT account_id FROM account_users WHERE ${inKeys}`).pluck().all(project, keysJson) as string[];
  // Account-day feature totals the user contributed to are recomputed from the other users' per-day rows.
  // The per-user feature and activity rollups have no index by user: their rows are found through the
  // user's (day, account) activity rows, which every one of them has (feature events are activity events).
  const userDays = db.prepare(`SELECT day, account_id, user_key FROM user_days WHERE ${inKeys}`).raw().all(project, keysJson) as [number, string, string][];
  const featureNames = db.prepare('SELECT event FROM feature_usage WHERE project = ? AND day = ? AND account_id = ? AND user_key = ?').pluck();
  const deleteFeatureUsage = db.prepare('DELETE FROM feature_usage WHERE project = ? AND day = ? AND account_id = ? AND user_key = ?');
  const featureDayKeys = new Map<string, [number, string, string]>();
  const pairs = new Map<string, [string, string]>();
  for (const [day, accountId, userKey] of userDays) {
    for (const event of featureNames.all(project, day, accountId, userKey) as string[]) featureDayKeys.set(JSON.stringify([day, accountId, event]), [day, accountId, event]);
    deleteFeatureUsage.run(project, day, accountId, userKey);
    pairs.set(JSON.stringify([accountId, userKey]), [accountId, userKey]);
  }
  const featureDays = JSON.stringify([...featureDayKeys.values()]);
  for (const table of ['user_activity', 'feature_user_days']) {
    const remove = db.prepare(`DELETE FROM ${table} WHERE project = ? AND account_id = ? AND user_key = ?`);
    for (const [accountId, userKey] of pairs.values()) remove.run(project, accountId, userKey);
  }
  // The accounts' per-name unions the user's days were part of, from their other users' rows.
  recomputeAccountFeatureDays(db, project, new Map([...featureDayKeys.values()].map(([, accountId, event]) => [`${accountId}\u0000${event}`, [accountId, event] as const])).values());
  const inFeatureDays = `project = ? AND (day, account_id, event) IN (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))`;
  for (const table of ['user_days', 'first_events', 'sessions', 'survey_events', 'account_users', 'users']) {
    db.prepare(`DELETE FROM ${table} WHERE ${inKeys}`).run(project, keysJson);
  }
  db.prepare(`UPDATE account_days SET last_seen = (SELECT max(last_seen) FROM user_days INDEXED BY user_days_by_account
      WHERE user_days.project = account_days.project AND user_days.account_id = account_days.account_id AND user_days.day = account_days.day)
    WHERE project = ? AND (day, account_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))`).run(project, activeDays);
  db.prepare(`DELETE FROM user_links WHERE project = ? AND user_id = ?`).run(project, userId);
  db.prepare(`DELETE FROM feature_days WHERE ${inFeatureDays}`).run(project, featureDays);
  db.prepare(`INSERT INTO feature_days (project, day, account_id, event, count, first_ts, last_ts)
    SELECT project, day, account_id, event, sum(count), min(first_ts), max(last_ts) FROM feature_usage
    WHERE ${inFeatureDays} GROUP BY project, day, account_id, event`).run(project, featureDays);
  recomputeFeatureWeeks(db, project, featureDayKeys.values());
  const eventDays = `project = ? AND (day, event) IN (SELECT value ->> 0, value ->> 2 FROM json_each(?))`;
  db.prepare(`DELETE FROM feature_event_days WHERE ${eventDays}`).run(project, featureDays);
  db.prepare(`INSERT INTO feature_event_days (project, day, event, count, first_ts, last_ts)
    SELECT project, day, event, sum(count), min(first_ts), max(last_ts) FROM feature_usage
    WHERE ${eventDays} GROUP BY project, day, event`).run(project, featureDays);

  // Account first/last seen come from the remaining users; an account left with no events is removed.
  for (const accountId of accounts) {
    const span = db
      .prepare(`SELECT min(first_seen) AS first_seen, max(last_seen) AS last_seen FROM account_users WHERE project = ? AND account_id = ?`)
      .get(project, accountId) as { first_seen: number | null; last_seen: number | null };
    if (span.first_seen === null) {
      db.prepare(`DELETE FROM accounts WHERE project = ? AND account_id = ?`).run(project, accountId);
      db.prepare(`DELETE FROM plan_changes WHERE project = ? AND account_id = ?`).run(project, accountId);
    } else {
      db.prepare(`UPDATE accounts SET first_seen = ?, last_seen = ? WHERE project = ? AND account_id = ?`).run(span.first_seen, span.last_seen, project, accountId);
    }
  }
  return { events };
}
