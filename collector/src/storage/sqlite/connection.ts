// Settings of every connection the SQLite store opens (the reader on the main thread and the writer
// thread): WAL, the page cache, the busy timeout and the day-bitmap SQL functions.
import type { Database } from 'better-sqlite3';
import { registerDayBitmapFunctions } from './day-bitmap-functions.js';

/** The size the WAL file is truncated back to once a checkpoint lets SQLite start it over. */
export const JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

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
  // Deleted or overwritten content is zeroed where that costs no extra I/O (an erased user's bytes do
  // not linger in a page's free space); the erase itself runs with secure_delete = ON (sqlite-store.ts).
  db.pragma('secure_delete = FAST');
  // After a checkpoint resets the WAL, the file is cut back to this size: it stays bounded instead of
  // keeping its largest size forever (e.g. after a burst or a disk-full episode).
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  registerDayBitmapFunctions(db);
}
