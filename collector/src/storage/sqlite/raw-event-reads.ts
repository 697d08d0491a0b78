// SQLite side of the raw event reads (`trackEvents`, `activityEvents`): range scans of the events
// table's time-ordered ids, returning only the columns asked for.
import type { Database as Db, Statement } from 'better-sqlite3';
import type { ActivityEventRow, TrackEventRow } from '../store.js';
import { ID_SHIFT } from './compact-events.js';
import { PROJECT_ID } from './read-statements.js';

export interface RawEventReads {
  trackEvents: Statement;
  activityEvents: Statement;
}

/** Prepares the statements once per connection. */
export function prepareRawEventReads(db: Db): RawEventReads {
  // The window is a range of the time-ordered id (compact-events.ts); names and ids are dict entries.
  const window = `e.id >= (? << ${ID_SHIFT}) AND e.id < (? << ${ID_SHIFT}) AND e.project = (${PROJECT_ID})`;
  const ids = `JOIN dict u ON u.id = e.uid LEFT JOIN dict g ON g.id = coalesce(e.account, e.grp)`;
  return {
    trackEvents: db
      .prepare(`SELECT n.value, u.value, g.value, e.id >> ${ID_SHIFT},
          CASE WHEN typeof(e.properties) = 'integer' THEN (SELECT value FROM dict WHERE id = e.properties) ELSE e.properties END
        FROM events e JOIN dict n ON n.id = e.event ${ids}
        WHERE ${window} AND e.t & 7 = 0 AND n.value IN (SELECT value FROM json_each(?)) ORDER BY e.id`)
      .raw(),
    // Activity (SPEC §6): page, or track not named $survey_* / $queue_dropped (store.ts isActivityEvent).
    activityEvents: db
      .prepare(`SELECT u.value, g.value, e.id >> ${ID_SHIFT} FROM events e LEFT JOIN dict n ON n.id = e.event ${ids}
        WHERE ${window} AND (e.t & 7 = 3 OR (e.t & 7 = 0 AND n.value IS NOT NULL
          AND substr(n.value, 1, 8) <> '$survey_' AND n.value <> '$queue_dropped')) ORDER BY e.id`)
      .raw(),
  };
}

export function readTrackEvents(reads: RawEventReads, project: string, names: string[], fromMs: number, toMs: number): TrackEventRow[] {
  if (names.length === 0) return [];
  const rows = reads.trackEvents.all(fromMs, toMs, project, JSON.stringify(names)) as [string, string, string | null, number, string | null][];
  return rows.map((r) => ({ event: r[0], userKey: r[1], accountId: r[2], timestamp: r[3], properties: r[4] === null ? null : JSON.parse(r[4]) }));
}

export function readActivityEvents(reads: RawEventReads, project: string, fromMs: number, toMs: number): ActivityEventRow[] {
  const rows = reads.activityEvents.all(fromMs, toMs, project) as [string, string | null, number][];
  return rows.map((r) => ({ userKey: r[0], accountId: r[1], timestamp: r[2] }));
}
