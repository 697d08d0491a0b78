// The raw-event part of a GDPR erase in the compact layout (compact-events.ts): there is no index by
// user, so the user's events are found in the time range of their profile rows (`users.first_seen` to
// `last_seen` cover every stored event of a user key), a range of the time-ordered ids. The user's
// dictionary entries go too: those scoped to them (sessions, pages, contexts, page properties) and
// their ids, unless another stored event still refers to them.
import type { Database as Db } from 'better-sqlite3';
import { DICT_KIND, ID_SHIFT, NO_USER_ID } from './compact-events.js';
import { PROJECT_ID } from './read-statements.js';

/**
 * Deletes the raw events of user keys `keysJson` (the user and their linked anonymous ids) that have
 * no userId or the erased one, and the dictionary entries only they used; returns the events deleted.
 * Call inside the erase's transaction, before the profile rows and links are deleted.
 */
export function eraseRawEvents(db: Db, project: string, userId: string, keysJson: string): number {
  const pid = db.prepare(PROJECT_ID).pluck().get(project) as number | undefined;
  if (pid === undefined) return 0;
  const keys = db
    .prepare(`SELECT d.id, d.value, u.user_id, u.first_seen, u.last_seen FROM dict d
      LEFT JOIN users u ON u.project = ? AND u.user_key = d.value
      WHERE d.scope = ? AND d.kind = ${DICT_KIND.user} AND d.value IN (SELECT value FROM json_each(?))`)
    .all(project, pid, keysJson) as { id: number; value: string; user_id: string | null; first_seen: number | null; last_seen: number | null }[];
  if (keys.length === 0) return 0;
  const erasedUserId = keys.find((k) => k.value === userId)?.id ?? -1;
  const seen = keys.filter((k) => k.first_seen !== null);
  let events = 0;
  if (seen.length > 0) {
    const from = Math.floor(Math.min(...seen.map((k) => k.first_seen!)));
    const to = Math.floor(Math.max(...seen.map((k) => k.last_seen!))) + 1;
    events = db
      .prepare(`DELETE FROM events WHERE id >= (? << ${ID_SHIFT}) AND id < (? << ${ID_SHIFT}) AND project = ?
        AND uid IN (SELECT value FROM json_each(?)) AND (t & ${NO_USER_ID} OR uid = ?)`)
      .run(from, to, pid, JSON.stringify(keys.map((k) => k.id)), erasedUserId).changes;
  }
  // A key that is also another user's userId keeps that user's events, and so its scoped entries.
  const gone = keys.filter((k) => k.user_id === null || k.user_id === userId);
  const deleteScoped = db.prepare('DELETE FROM dict WHERE scope = ?');
  // An id another user's events carry as their anonymousId stays (their user_links row says so).
  const stillLinked = db.prepare('SELECT 1 FROM user_links WHERE project = ? AND anonymous_id = ? AND user_id <> ? LIMIT 1').pluck();
  const deleteKey = db.prepare('DELETE FROM dict WHERE id = ?');
  for (const k of gone) {
    deleteScoped.run(k.id);
    if (stillLinked.get(project, k.value, userId) === undefined) deleteKey.run(k.id);
  }
  return events;
}
