// Applies the pending schema migrations at open, each in its own transaction, recording them in
// `schema_migrations`; refuses a database written by a newer collector.
import type { Database } from 'better-sqlite3';
import { UptakeError } from '../../errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/**
 * Brings the schema up to date and returns the resulting version.
 * @example migrate(db) // → 1
 */
export function migrate(db: Database, migrations: Migration[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const versionStmt = db.prepare('SELECT max(version) AS v FROM schema_migrations');
  const version = () => (versionStmt.get() as { v: number | null }).v ?? 0;
  const current = version();
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new UptakeError('invalid_flags', `database schema version ${current} is newer than this collector supports (${latest}); upgrade the collector`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Another process may have applied it while this one waited for the write lock.
      if (version() >= m.version) return;
      db.exec(m.sql);
      m.up?.(db);
      record.run(m.version, m.name, Date.now());
    }).immediate();
  }
  return Math.max(current, latest);
}
