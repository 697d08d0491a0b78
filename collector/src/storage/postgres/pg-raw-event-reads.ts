// PostgreSQL side of the raw event reads (`trackEvents`, `activityEvents`, the tests' `scanEvents`): range scans of the events
// table through its (project, ts, id) index, returning only the columns asked for.
import type pg from 'pg';
import type { ActivityEventRow, StoredEventRow, TrackEventRow } from '../store.js';
import { eventRow, type EventDbRow } from '../row-mappers.js';
import { toStorageError } from './pg-errors.js';

const SCAN_PAGE = 1000;

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

/**
 * Every stored raw event of a project in stored-time order, through a cursor on a connection of its own.
 * @example for await (const e of pgScanEvents(() => pool.connect(), 'demo')) rows.push(e);
 */
export async function* pgScanEvents(connect: () => Promise<pg.PoolClient>, project: string): AsyncIterable<StoredEventRow> {
  // One ordered read through a cursor on a connection of its own (one sort, then pages of rows);
  // the rest of the store stays usable on the other pooled connections meanwhile.
  const client = await connect().catch((err: unknown) => {
    throw toStorageError(err);
  });
  let finished = false;
  try {
    await client.query('BEGIN READ ONLY');
    await client.query({ text: 'DECLARE uptake_scan NO SCROLL CURSOR FOR SELECT * FROM events WHERE project = $1 ORDER BY ts, id', values: [project] });
    for (;;) {
      const page = await client.query<EventDbRow>(`FETCH ${SCAN_PAGE} FROM uptake_scan`);
      for (const r of page.rows) yield eventRow(r);
      if (page.rows.length < SCAN_PAGE) break;
    }
    await client.query('COMMIT');
    finished = true;
  } catch (err) {
    throw toStorageError(err);
  } finally {
    // A scan abandoned or failed midway leaves its transaction open: that connection is discarded.
    client.release(!finished);
  }
}
