// Settings of every connection the SQLite store opens (the reader on the main thread and the writer
// thread): WAL, the page cache, the busy timeout and the day-bitmap SQL functions.
import type { Database } from 'better-sqlite3';
import { registerDayBitmapFunctions } from './day-bitmap-functions.js';

/**
 * Applies the store's pragmas and registers its SQL functions.
 * @example configureConnection(new Database(path), 1000)
 */
export function configureConnection(db: Database, busyTimeoutMs: number): void {
  db.pragma('journal_mode = WAL');
  // NORMAL alone survives a killed process but not a power loss; the writer adds an fsync of the WAL
  // before any acknowledgement (writer-thread.ts). In-memory: nothing to sync.
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  registerDayBitmapFunctions(db);
}
