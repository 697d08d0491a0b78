// Migration 40: the raw events move to the compact layout (compact-events.ts). Every stored event is
// rewritten, in time order, through the same insert the write path uses; the old table and its three
// indexes (deduplication, time, user) are dropped, and the deduplication index is built once, after.
// Rollup indexes no frequent path reads go too.
import type { Database } from 'better-sqlite3';
import type { NormalizedEvent, StoredEventType } from '../store.js';
import type { EventDbRow } from '../row-mappers.js';
import { COMPACT_EVENTS_SQL, EVENTS_INDEXES_SQL, rawEventWriter } from './compact-events.js';

/** Old rows read per page (the connection cannot write while a statement iterates). */
const PAGE = 5000;

/** A row of the old `events` table, with its project. */
interface OldRow extends EventDbRow {
  project: string;
}

function copyEvents(db: Database): void {
  db.exec('ALTER TABLE events RENAME TO events_v1');
  db.exec(COMPACT_EVENTS_SQL);
  const insert = rawEventWriter(db);
  const first = db.prepare('SELECT * FROM events_v1 ORDER BY project, ts, id LIMIT ?');
  const next = db.prepare('SELECT * FROM events_v1 WHERE (project, ts, id) > (?, ?, ?) ORDER BY project, ts, id LIMIT ?');
  let page = first.all(PAGE) as OldRow[];
  while (page.length > 0) {
    insert.reset();
    for (const r of page) {
      const e: NormalizedEvent = {
        messageId: r.message_id, type: r.type as StoredEventType, event: r.event, userId: r.user_id, anonymousId: r.anonymous_id,
        userKey: r.user_key, groupId: r.group_id, timestamp: r.ts, receivedAt: r.received_at, sessionId: r.session_id,
        properties: null, traits: null, context: null, json: { properties: r.properties, traits: r.traits, context: r.context },
      };
      insert.run(r.project, e, r.account_id);
    }
    const last = page[page.length - 1];
    page = page.length < PAGE ? [] : (next.all(last.project, last.ts, last.id, PAGE) as OldRow[]);
  }
  db.exec('DROP TABLE events_v1');
  db.exec(EVENTS_INDEXES_SQL);
}

export const compactEventsMigration = {
  version: 40,
  name: 'compact raw events: dictionary ids, time-clustered rows, no user index',
  // Rollup indexes only the GDPR erase read (it now finds those rows through the user's user_days rows,
  // erase-user.ts), and two session indexes nothing reads (reports read session_days; ingest finds a
  // user's sessions through sessions_by_user).
  sql: `DROP INDEX IF EXISTS feature_usage_by_user; DROP INDEX IF EXISTS feature_user_days_by_user; DROP INDEX IF EXISTS user_activity_by_user;
    DROP INDEX IF EXISTS sessions_by_start; DROP INDEX IF EXISTS sessions_by_account;`,
  up: copyEvents,
};

/**
 * Gives a database file's free pages back to the file system when a quarter of it or more is free (after
 * migration 40 converted a large table, or a purge emptied most of it): one VACUUM at open, before any
 * other connection. A VACUUM that fails (a full disk) leaves the file as it was.
 * @example migrate(db); vacuumIfMostlyFree(db)
 */
export function vacuumIfMostlyFree(db: Database): void {
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  if (free < 16 || free * 4 < pages) return;
  try {
    db.exec('VACUUM');
  } catch {
    // Space is only given back later: new rows reuse the free pages.
  }
}
