// What every command's flag parsing shares: node:util parseArgs turned into one-line errors, and
// the --config / --db defaults (flags, else UPTAKE_CONFIG / UPTAKE_DB, else the demo paths).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UptakeError } from '../errors.js';

export const DEFAULT_CONFIG = 'uptake.config.json';
export const DEFAULT_DB = './data/uptake.db';

/**
 * Parses flags strictly; a bad flag becomes `UptakeError('invalid_flags')` with one line that names
 * it and points at the command's --help.
 * @example parseFlags('seed', ['--days', '30'], { days: { type: 'string' } }).values.days // '30'
 */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    // parseArgs explains over several lines; keep its first two (what is wrong, and the likely cause) on one.
    const reason = (err as Error).message.split('\n').slice(0, 2).join(' ');
    throw new UptakeError('invalid_flags', `${reason} (see "uptake-collector ${command} --help")`);
  }
}

/**
 * The config file and database every command uses: flag, else environment, else the default.
 * @example storagePaths({}, { UPTAKE_DB: '/srv/uptake.db' }).db // '/srv/uptake.db'
 */
export function storagePaths(values: { config?: string; db?: string }, env: NodeJS.ProcessEnv): { config: string; db: string } {
  const config = values.config ?? env.UPTAKE_CONFIG ?? DEFAULT_CONFIG;
  const db = values.db ?? env.UPTAKE_DB ?? DEFAULT_DB;
  if (config.trim() === '') throw new UptakeError('invalid_flags', '--config: empty');
  if (db.trim() === '') throw new UptakeError('invalid_flags', '--db: empty');
  return { config, db };
}
