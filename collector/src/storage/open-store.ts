// Opens the store named by `--db` (or UPTAKE_DB): a `postgres://` / `postgresql://` URL selects the
// PostgreSQL store, anything else is a SQLite file path (its directory is created). Open failures
// become one clear `invalid_flags` line for the CLI.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UptakeError } from '../errors.js';
import type { Store } from './store.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';

/** True when `--db` names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db.trim());

/**
 * Opens a store from a `--db` value, applying schema migrations.
 * @example const store = await openStore('./data/uptake.db');
 * @example const store = await openStore('postgres://uptake@db.internal:5432/uptake');
 */
export async function openStore(dbUrlOrPath: string, options: SqliteStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(dbUrlOrPath)) {
    // Loaded only when asked for: a SQLite collector never loads the PostgreSQL driver.
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore(dbUrlOrPath.trim());
  }
  if (dbUrlOrPath.trim() === '') throw new UptakeError('invalid_flags', '--db: empty database path');
  const path = dbUrlOrPath === ':memory:' ? dbUrlOrPath : resolve(dbUrlOrPath);
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return openSqliteStore(path, options);
  } catch (err) {
    if (err instanceof UptakeError) throw err;
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    throw new UptakeError('invalid_flags', `--db: cannot open database ${path}: ${reason}`, { cause: err });
  }
}
