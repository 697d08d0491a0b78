// PostgreSQL side of the raw event reads (`trackEvents`, `activityEvents`): range scans of the events
// table through its (project, ts, id) index, returning only the columns asked for.
import type { ActivityEventRow, TrackEventRow } from '../store.js';

type Rows = <R extends Record<string, unknown>>(sql: string, params: unknown[]) => Promise<R[]>;

export async function pgTrackEvents(rows: Rows, project: string, names: string[], fromMs: number, toMs: number): Promise<TrackEventRow[]> {
  if (names.length === 0) return [];
  const found = await rows<{ event: string; user_key: string; account_id: string | null; ts: string | number; properties: string | null }>(
    `SELECT event, user_key, account_id, ts, properties FROM events
      WHERE project = $1 AND ts >= $2 AND ts < $3 AND type = 'track' AND event = ANY($4::text[]) ORDER BY ts, id`,
    [project, fromMs, toMs, names],
  );
  return found.map((r) => ({ event: r.event, userKey: r.user_key, accountId: r.account_id, timestamp: Number(r.ts), properties: r.properties === null ? null : JSON.parse(r.properties) }));
}

export async function pgActivityEvents(rows: Rows, project: string, fromMs: number, toMs: number): Promise<ActivityEventRow[]> {
  // Activity (SPEC §6): page, or track not named $survey_* / $queue_dropped (store.ts isActivityEvent).
  const found = await rows<{ user_key: string; account_id: string | null; ts: string | number }>(
    `SELECT user_key, account_id, ts FROM events
      WHERE project = $1 AND ts >= $2 AND ts < $3 AND (type = 'page' OR (type = 'track' AND event IS NOT NULL
        AND left(event, 8) <> '$survey_' AND event <> '$queue_dropped')) ORDER BY ts, id`,
    [project, fromMs, toMs],
  );
  return found.map((r) => ({ userKey: r.user_key, accountId: r.account_id, timestamp: Number(r.ts) }));
}
