// Applies the pending PostgreSQL migrations at open, under a session advisory lock so collectors
// starting at the same moment apply each migration once; refuses a schema from a newer collector.
import type pg from 'pg';
import { UptakeError } from '../../errors.js';
import { PG_MIGRATIONS, type PgMigration } from './pg-migrations.js';

/** Advisory lock key held while migrating ('uptake' in ASCII). */
export const MIGRATION_LOCK_KEY = 0x757074616b65;

/**
 * Brings the schema up to date and returns the resulting version.
 * @example await migratePostgres(client) // → 1
 */
export async function migratePostgres(client: pg.ClientBase, migrations: PgMigration[] = PG_MIGRATIONS): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS uptake_schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM uptake_schema_migrations');
    const current = rows[0].v ?? 0;
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > latest) {
      throw new UptakeError('invalid_flags', `database schema version ${current} is newer than this collector supports (${latest}); upgrade the collector`);
    }
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      // DDL is transactional in PostgreSQL: a migration is applied whole or not at all.
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO uptake_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    }
    return Math.max(current, latest);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
  }
}
