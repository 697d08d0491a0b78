// SQLite side of the raw event reads (`trackEvents`, `activityEvents`): range scans of the events
// table through its (project, ts) index, returning only the columns asked for.
import type { Database as Db, Statement } from 'better-sqlite3';
import type { ActivityEventRow, TrackEventRow } from '../store.js';

export interface RawEventReads {
  trackEvents: Statement;
  activityEvents: Statement;
}

/** Prepares the statements once per connection. */
export function prepareRawEventReads(db: Db): RawEventReads {
  return {
    trackEvents: db
      .prepare(`SELECT event, user_key, account_id, ts, properties FROM events
        WHERE project = ? AND ts >= ? AND ts < ? AND type = 'track' AND event IN (SELECT value FROM json_each(?)) ORDER BY ts, id`)
      .raw(),
    // Activity (SPEC §6): page, or track not named $survey_* / $queue_dropped (store.ts isActivityEvent).
    activityEvents: db
      .prepare(`SELECT user_key, account_id, ts FROM events
        WHERE project = ? AND ts >= ? AND ts < ? AND (type = 'page' OR (type = 'track' AND event IS NOT NULL
          AND substr(event, 1, 8) <> '$survey_' AND event <> '$queue_dropped')) ORDER BY ts, id`)
      .raw(),
  };
}

export function readTrackEvents(reads: RawEventReads, project: string, names: string[], fromMs: number, toMs: number): TrackEventRow[] {
  if (names.length === 0) return [];
  const rows = reads.trackEvents.all(project, fromMs, toMs, JSON.stringify(names)) as [string, string, string | null, number, string | null][];
  return rows.map((r) => ({ event: r[0], userKey: r[1], accountId: r[2], timestamp: r[3], properties: r[4] === null ? null : JSON.parse(r[4]) }));
}

export function readActivityEvents(reads: RawEventReads, project: string, fromMs: number, toMs: number): ActivityEventRow[] {
  const rows = reads.activityEvents.all(project, fromMs, toMs) as [string, string | null, number][];
  return rows.map((r) => ({ userKey: r[0], accountId: r[1], timestamp: r[2] }));
}
