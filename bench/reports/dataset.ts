// The reports dataset: ~10 million seeded events (the demo project's realistic accounts, users,
// features and surveys over a year) written through the store's bulk mode, the path `import` and
// `seed` use, whose rollups equal what `POST /v1/batch` of the same events builds. Cached under bench/data/ and reused while its key
// (generator version, size, project config) is unchanged; a database cached by an older collector is
// upgraded by the store's own migrations when opened, as a user's database is.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAY_MS, seedStore, type ProjectConfig } from '@uptake/collector';
import { openSqliteStore } from '@uptake/collector/internals';
import { ROOT } from '../collector-process.js';

/** Bump when the way the dataset is generated changes: cached databases are then rebuilt. */
export const DATASET_VERSION = 'v1';

export interface DatasetSize {
  accounts: number;
  days: number;
  seed: number;
}

/** ~10.2 M events: the seed generator makes ~13 800 events per account over 365 days (710 accounts gave 9.78 M). */
export const FULL_DATASET: DatasetSize = { accounts: 740, days: 365, seed: 1 };
export const QUICK_DATASET: DatasetSize = { accounts: 10, days: 40, seed: 1 };

export interface Dataset {
  dbPath: string;
  events: number;
  accounts: number;
  users: number;
  /** UTC day number the history ends before (the seed's "today"): report windows end here. */
  endDay: number;
  generationSeconds: number;
  eventsPerSecond: number;
  /** CPU time (all threads of the process) per event stored: unlike the wall time, not inflated by a busy machine. */
  cpuMicrosPerEvent: number;
  /** Database file size after generation (WAL checkpointed). */
  bytes: number;
  /** True when an earlier run's database was reused (generation figures are that run's). */
  cached: boolean;
}

/** Key of a cached dataset: anything that changes the database's content or shape changes it. */
function datasetKey(size: DatasetSize, project: ProjectConfig): string {
  const projectHash = createHash('sha256').update(JSON.stringify(project)).digest('hex').slice(0, 8);
  return `${DATASET_VERSION}-seed${size.seed}-${size.accounts}x${size.days}-${projectHash}`;
}

/**
 * The complete dataset for `size` cached in `dir` by an earlier run, or null (none, or an interrupted generation).
 * @example const ds = cachedDataset(DATA_DIR, FULL_DATASET, project) // the PostgreSQL part reuses it
 */
export function cachedDataset(dir: string, size: DatasetSize, project: ProjectConfig): Dataset | null {
  const key = datasetKey(size, project);
  const dbPath = join(dir, `reports-${key}.db`);
  const metaPath = join(dir, `reports-${key}.json`);
  // The meta file is written last: a database without it is an interrupted generation.
  if (!existsSync(metaPath) || !existsSync(dbPath)) return null;
  // Size as it is now: opening it may have migrated it since it was generated.
  return { ...(JSON.parse(readFileSync(metaPath, 'utf8')) as Omit<Dataset, 'cached' | 'dbPath'>), bytes: statSync(dbPath).size, dbPath, cached: true };
}

/**
 * Returns the dataset for `size`, generating it into `dir` unless a complete one is cached there.
 * @example const ds = await ensureDataset(join(ROOT, 'bench', 'data'), FULL_DATASET, project)
 */
export async function ensureDataset(dir: string, size: DatasetSize, project: ProjectConfig, log: (line: string) => void = () => {}): Promise<Dataset> {
  mkdirSync(dir, { recursive: true });
  const key = datasetKey(size, project);
  const dbPath = join(dir, `reports-${key}.db`);
  const metaPath = join(dir, `reports-${key}.json`);
  const cached = cachedDataset(dir, size, project);
  if (cached) return cached;
  const partial = `${dbPath}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`, dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });

  const now = Date.now();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { events, users } = await generate(partial, size, project, now, log);
  const generationSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  renameSync(partial, dbPath);
  const dataset = {
    events,
    accounts: size.accounts,
    users,
    endDay: Math.floor(now / DAY_MS),
    generationSeconds,
    eventsPerSecond: events / generationSeconds,
    cpuMicrosPerEvent: (used.user + used.system) / events,
    bytes: statSync(dbPath).size,
  };
  writeFileSync(metaPath, `${JSON.stringify(dataset, null, 2)}\n`);
  // Datasets of other keys are stale now (several GB each): only the current one is kept.
  for (const f of readdirSync(dir)) if (f.startsWith('reports-') && !f.startsWith(`reports-${key}.`)) rmSync(join(dir, f), { force: true });
  return { ...dataset, dbPath, cached: false };
}

/** Events per bulk transaction of the dataset build: 400 000 took the writer 15 % less CPU per event than 100 000 (740 accounts, first 100 days). */
const DATASET_TRANSACTION_EVENTS = 400_000;

/**
 * Seeds `path` as `uptake-collector seed` does (`seedStore`: the store's bulk mode, batches of 1 000,
 * up to 64 in the bulk writer's hands while the next are generated on this thread). Nothing else writes
 * the new file, so the bulk mode is exclusive, with transactions of `DATASET_TRANSACTION_EVENTS`.
 */
async function generate(path: string, size: DatasetSize, project: ProjectConfig, now: number, log: (line: string) => void): Promise<{ events: number; users: number }> {
  const store = openSqliteStore(path);
  let nextLog = 1_000_000;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const progress = (events: number) => {
    if (events < nextLog) return;
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1000;
    log(`dataset: ${(events / 1e6).toFixed(1)} M events stored in ${Math.round(seconds)} s (${Math.round(events / seconds)} events/s, ${((used.user + used.system) / events).toFixed(0)} µs CPU per event)`);
    nextLog += 1_000_000;
  };
  try {
    const result = await seedStore(store, project, { ...size, now }, progress, { exclusive: true, transactionEvents: DATASET_TRANSACTION_EVENTS });
    if (result.accepted !== result.events) throw new Error(`dataset: ${result.events - result.accepted} seeded events were not stored`);
    return { events: result.events, users: result.users };
  } finally {
    await store.close();
  }
}

export const DATA_DIR = join(ROOT, 'bench', 'data');
