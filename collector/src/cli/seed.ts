// `uptake-collector seed`: fills a store with deterministic, realistic demo data for one project,
// through the same `store.ingest` path as live traffic, and prints how fast it went.
import { UptakeError } from '../errors.js';
import { parseFlags, storagePaths } from './flags.js';
import { openProjectStore } from './choose-project.js';
import { DEFAULT_SEED_OPTIONS, seedStore, type SeedResult } from '../seed/seed-store.js';

const HELP = `Usage: uptake-collector seed --config uptake.config.json --db ./data/uptake.db [options]

Fills the database with realistic demo data (accounts, users, feature use, NPS/CSAT answers).
The same seed on the same day gives the same data; running it twice stores nothing new.

Options:
  --config FILE    project config (env UPTAKE_CONFIG; default uptake.config.json)
  --db PATH|URL    SQLite file, created if missing, or a postgres:// URL (env UPTAKE_DB; default ./data/uptake.db)
  --project ID     project to seed (default: the first in the config)
  --accounts N     customer accounts (default ${DEFAULT_SEED_OPTIONS.accounts})
  --days N         days of history ending yesterday (default ${DEFAULT_SEED_OPTIONS.days}; 60+ shows churn and usage drops)
  --seed N         random seed (default ${DEFAULT_SEED_OPTIONS.seed})`;

export interface SeedFlags {
  config: string;
  db: string;
  project: string | null;
  accounts: number;
  days: number;
  seed: number;
}

function integerFlag(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UptakeError('invalid_flags', `--${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UptakeError('invalid_flags', `--${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/**
 * Parses `seed` flags (with env fallbacks); throws `UptakeError('invalid_flags')` with one clear line.
 * @example parseSeedFlags(['--config', 'c.json', '--db', 'x.db', '--accounts', '5'], {}).accounts // 5
 */
export function parseSeedFlags(argv: string[], env: NodeJS.ProcessEnv): SeedFlags | 'help' {
  const { values } = parseFlags('seed', argv, {
    config: { type: 'string' },
    db: { type: 'string' },
    project: { type: 'string' },
    accounts: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  // The same defaults as `serve`, so `seed` then `serve` with no flags use the same files.
  const { config, db } = storagePaths(values, env);
  return {
    config,
    db,
    project: values.project ?? null,
    accounts: integerFlag('accounts', values.accounts, DEFAULT_SEED_OPTIONS.accounts, 1, 10_000),
    days: integerFlag('days', values.days, DEFAULT_SEED_OPTIONS.days, 1, 3650),
    seed: integerFlag('seed', values.seed, DEFAULT_SEED_OPTIONS.seed, 0, 2 ** 32 - 1),
  };
}

/** One line saying what was seeded and how fast. */
export function describeSeed(result: SeedResult): string {
  const rate = result.eventsPerSecond.toLocaleString('en-US');
  const stored = result.duplicates ? ` (${result.accepted.toLocaleString('en-US')} new, ${result.duplicates.toLocaleString('en-US')} already there)` : '';
  return `seeded project "${result.project}": ${result.accounts} accounts, ${result.users} users, ${result.days} days, ${result.events.toLocaleString('en-US')} events${stored} in ${(result.ms / 1000).toFixed(1)} s (${rate} events/s)`;
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseSeedFlags(argv, process.env);
  if (flags === 'help') {
    console.log(HELP);
    return 0;
  }
  // Everything is validated before the database is opened, so a bad flag writes nothing.
  const { project, store } = await openProjectStore(flags);
  try {
    const result = await seedStore(store, project, { accounts: flags.accounts, days: flags.days, seed: flags.seed });
    console.log(describeSeed(result));
  } finally {
    await store.close();
  }
  return 0;
}
