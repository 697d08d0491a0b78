// Opens the store named by `--db`: a SQLite file path (its directory is created), or later a
// postgres:// URL. Open failures become one clear `invalid_flags` line for the CLI.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UptakeError } from '../errors.js';
import type { Store } from './store.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';

/**
 * Opens a store from a `--db` value, applying schema migrations.
 * @example const store = await openStore('./data/uptake.db');
 */
export async function openStore(dbUrlOrPath: string, options: SqliteStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(dbUrlOrPath)) {
    throw new UptakeError('invalid_flags', '--db: PostgreSQL storage is not available in this build; use a SQLite file path');
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
