// The scale benchmarks' dataset: the seed generator's realistic history written as an Uptake NDJSON
// export (wire events, one per line), then brought in by `uptake-collector import` itself (the built
// CLI in a process of its own, as a user runs it) into a fresh SQLite file, timed, and measured on
// disk after a checkpoint.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ProjectConfig } from '../../collector/src/config.js';
import { seedEventDays, seedPlan } from '../../collector/src/seed/generate.js';
import type { NormalizedEvent } from '../../collector/src/storage/store.js';
import { benchConfig } from '../bench-config.js';
import { ROOT } from '../collector-process.js';

const CLI = join(ROOT, 'collector', 'bin', 'uptake-collector.mjs');
/** Preloaded into the import's process: writes its CPU time and peak RSS to `UPTAKE_BENCH_USAGE` at exit. */
const USAGE_PRELOAD = join(ROOT, 'bench', 'scale', 'usage-at-exit.mjs');

export interface ImportedDataset {
  dbPath: string;
  events: number;
  accounts: number;
  days: number;
  /** The import's own time, as `uptake-collector import` reports it (from reading the file to the last commit on disk). */
  importSeconds: number;
  /** The import process from start to exit (Node's start and the CLI's loading included). */
  processSeconds: number;
  /** CPU time of the import process (every thread), per stored event. */
  importCpuMicrosPerEvent: number;
  /** Peak resident memory of the import process (SPEC §14: ≤ 300 MB). */
  maxRssMb: number;
  /** Database + WAL after a TRUNCATE checkpoint, and the share of each table and index. */
  bytes: number;
  bytesByObject: Record<string, number>;
}

/** The wire event an SDK would have sent for a normalised seed event. */
function wireOf(e: NormalizedEvent): Record<string, unknown> {
  return {
    type: e.type,
    messageId: e.messageId,
    timestamp: new Date(e.timestamp).toISOString(),
    ...(e.userId !== null ? { userId: e.userId } : {}),
    ...(e.anonymousId !== null ? { anonymousId: e.anonymousId } : {}),
    ...(e.groupId !== null ? { groupId: e.groupId } : {}),
    ...(e.type === 'track' ? { event: e.event } : e.type === 'page' && e.event !== null ? { name: e.event } : {}),
    ...(e.properties ? { properties: e.properties } : {}),
    ...(e.traits ? { traits: e.traits } : {}),
    ...(e.context ? { context: e.context } : {}),
  };
}

/** Writes the seeded history of `accounts` accounts over `days` days as NDJSON; returns the event count. */
export async function writeSeedExport(file: string, project: ProjectConfig, accounts: number, days: number, now: number): Promise<number> {
  const out = createWriteStream(file);
  let events = 0;
  for (const day of seedEventDays(project, seedPlan(project, { accounts, days, seed: 1, now }), 1)) {
    let text = '';
    for (const e of day) text += `${JSON.stringify(wireOf(e))}\n`;
    events += day.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return events;
}

/** Bytes of the database and its WAL after a TRUNCATE checkpoint, and per table / index (dbstat). */
export function measureDisk(dbPath: string): { bytes: number; bytesByObject: Record<string, number> } {
  const db = new Database(dbPath);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytesByObject: Record<string, number> = {};
    for (const r of db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all() as Array<{ name: string; bytes: number }>) bytesByObject[r.name] = r.bytes;
    const wal = existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0;
    return { bytes: statSync(dbPath).size + wal, bytesByObject };
  } finally {
    db.close();
  }
}

/** Runs `uptake-collector import FILE --format uptake` into `dbPath`; its summary, CPU and peak RSS. */
async function runImport(dir: string, file: string, dbPath: string): Promise<{ stored: number; rejected: number; importSeconds: number; processSeconds: number; cpuMicros: number; maxRssKb: number }> {
  const configPath = join(dir, 'uptake.config.json');
  const usagePath = join(dir, 'import-usage.json');
  writeFileSync(configPath, JSON.stringify(benchConfig()));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', USAGE_PRELOAD, CLI, 'import', file, '--format', 'uptake', '--config', configPath, '--db', dbPath], {
    cwd: dir,
    env: { ...process.env, UPTAKE_BENCH_USAGE: usagePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // 'close', not 'exit': the output may still be in the pipes when the process exits.
  const [code] = (await once(child, 'close')) as [number | null];
  const processSeconds = (performance.now() - started) / 1000;
  // "imported: read 295,705, stored 295,705, duplicates 0, rejected 0" then "2.9 s, 101,773 events/s".
  const summary = /imported: read [\d,]+, stored ([\d,]+), duplicates [\d,]+, rejected ([\d,]+)\s+([\d.]+) s, ([\d,]+) events\/s/.exec(out);
  if (code !== 0 || !summary) throw new Error(`scale: uptake-collector import exited with ${code}:\n${out}`);
  const count = (text: string) => Number(text.replaceAll(',', ''));
  const usage = JSON.parse(readFileSync(usagePath, 'utf8')) as { cpuMicros: number; maxRssKb: number };
  const stored = count(summary[1]);
  return { stored, rejected: count(summary[2]), importSeconds: stored / count(summary[4]), processSeconds, ...usage };
}

/**
 * Exports the seeded history to `dir/export.ndjson` and imports it into `dir/imported.db`.
 * @example const ds = await importedDataset(dir, project, 60, 365)
 */
export async function importedDataset(dir: string, project: ProjectConfig, accounts: number, days: number, log: (line: string) => void): Promise<ImportedDataset> {
  const file = `${dir}/export.ndjson`;
  const dbPath = `${dir}/imported.db`;
  const events = await writeSeedExport(file, project, accounts, days, Date.now());
  log(`scale: ${events} seeded events exported to NDJSON (${Math.round(statSync(file).size / 1024 / 1024)} MiB); importing…`);
  const run = await runImport(dir, file, dbPath);
  if (run.stored !== events) throw new Error(`scale: ${events} events exported but ${run.stored} stored (${run.rejected} rejected)`);
  return {
    dbPath, events, accounts, days, importSeconds: run.importSeconds, processSeconds: run.processSeconds,
    importCpuMicrosPerEvent: run.cpuMicros / events, maxRssMb: run.maxRssKb / 1024, ...measureDisk(dbPath),
  };
}
