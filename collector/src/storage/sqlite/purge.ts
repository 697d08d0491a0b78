// Retention's delete of old raw events, in chunks: one statement deletes at most PURGE_CHUNK_ROWS
// rows (a few milliseconds), so a purge of millions of rows never holds the database's write lock,
// or a thread, for long. The writer thread runs the chunks between its group commits (writer-thread.ts).
import type { Database } from 'better-sqlite3';
import { ID_SHIFT } from './compact-events.js';
import { PROJECT_ID } from './read-statements.js';

/** Latest time an id can hold (ids are time << ID_SHIFT in a signed 64-bit integer). */
const MAX_MS = 2 ** (63 - ID_SHIFT) - 1;

/** Rows one chunk deletes at most. */
export const PURGE_CHUNK_ROWS = 2000;

/**
 * Prepares the chunk delete on a connection; each call deletes the next chunk of the project's raw
 * events stored before `beforeMs` and returns how many it deleted (fewer than PURGE_CHUNK_ROWS: done).
 * @example const chunk = purgeChunk(db); while (chunk('demo', cutoff) === PURGE_CHUNK_ROWS);
 */
export function purgeChunk(db: Database): (project: string, beforeMs: number) => number {
  // Ids are time-ordered (compact-events.ts): the oldest rows come first.
  const statement = db.prepare(`DELETE FROM events WHERE id IN (SELECT id FROM events
    WHERE id < (? << ${ID_SHIFT}) AND project = (${PROJECT_ID}) LIMIT ${PURGE_CHUNK_ROWS})`);
  return (project, beforeMs) => statement.run(Math.min(MAX_MS, Math.max(0, Math.ceil(beforeMs))), project).changes;
}
