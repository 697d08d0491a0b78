// `uptake-collector migrate --from ./data/uptake.db --to postgres://…` (SPEC §14): copies a SQLite
// database into an empty PostgreSQL one, with progress; every report reads the same afterwards.
import { existsSync } from 'node:fs';
import { UptakeError } from '../errors.js';
import { formatCount, progressReporter } from '../import/progress.js';
import { copyToPostgres } from '../storage/copy-to-postgres.js';
import { isPostgresUrl } from '../storage/open-store.js';
import { redactUrl } from '../storage/postgres/pg-pool.js';
import { parseFlags } from './flags.js';

const HELP = `Usage: uptake-collector migrate --from ./data/uptake.db --to postgres://user@host:5432/uptake

Copies a SQLite database (events, profiles, rollups) into an EMPTY PostgreSQL database, in one
transaction: a failed copy leaves the target empty. A target with any row is refused.
Stop the collectors writing to the SQLite file first; then point them at the postgres:// URL.

Options:
  --from <path>   the SQLite database file
  --to <url>      the PostgreSQL database (postgres:// or postgresql:// URL)
  --help          show this help`;

export interface MigrateFlags {
  from: string;
  to: string;
}

/**
 * Parses `migrate` flags; throws `UptakeError('invalid_flags')` with one clear line.
 * @example parseMigrateFlags(['--from', 'a.db', '--to', 'postgres://h/db']).to // 'postgres://h/db'
 */
export function parseMigrateFlags(argv: string[]): MigrateFlags | 'help' {
  const { values } = parseFlags('migrate', argv, { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return 'help';
  if (!values.from) throw new UptakeError('invalid_flags', '--from: required (the SQLite database file)');
  if (!values.to) throw new UptakeError('invalid_flags', '--to: required (a postgres:// URL)');
  if (isPostgresUrl(values.from)) throw new UptakeError('invalid_flags', '--from: must be a SQLite database file, got a postgres:// URL');
  if (!existsSync(values.from)) throw new UptakeError('invalid_flags', `--from: no such file "${values.from}"`);
  if (!isPostgresUrl(values.to)) throw new UptakeError('invalid_flags', `--to: must be a postgres:// URL, got "${values.to}"`);
  return { from: values.from, to: values.to.trim() };
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseMigrateFlags(argv);
  if (flags === 'help') {
    console.log(HELP);
    return 0;
  }
  const progress = progressReporter('migrate');
  const result = await copyToPostgres(flags.from, flags.to, ({ table, done, total }) => progress.update(done, total, `${formatCount(done)} of ${formatCount(total)} rows (${table})`));
  progress.stop();
  const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
  console.log(`migrated ${flags.from} to ${redactUrl(flags.to)}: ${formatCount(rows)} rows in ${Object.keys(result.tables).length} tables (${formatCount(result.tables.events ?? 0)} events) in ${(result.ms / 1000).toFixed(1)} s`);
  return 0;
}
