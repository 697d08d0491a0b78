// The scale benchmarks' dataset: the seed generator's realistic history written as an Uptake NDJSON
// export (wire events, one per line), then brought in by `uptake-collector import`'s own code path
// (import-file.ts) into a fresh SQLite file, timed, and measured on disk after a checkpoint.
import { createWriteStream, statSync, existsSync } from 'node:fs';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import type { ProjectConfig } from '../../collector/src/config.js';
import { importFile } from '../../collector/src/import/import-file.js';
import { seedEventDays, seedPlan } from '../../collector/src/seed/generate.js';
import { openSqliteStore } from '../../collector/src/storage/sqlite/sqlite-store.js';
import type { NormalizedEvent } from '../../collector/src/storage/store.js';

export interface ImportedDataset {
  dbPath: string;
  events: number;
  accounts: number;
  days: number;
  /** Wall time and CPU time (every thread of this process) of the import alone. */
  importSeconds: number;
  importCpuMicrosPerEvent: number;
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

/**
 * Exports the seeded history to `dir/export.ndjson` and imports it into `dir/imported.db`.
 * @example const ds = await importedDataset(dir, project, 20, 365)
 */
export async function importedDataset(dir: string, project: ProjectConfig, accounts: number, days: number, log: (line: string) => void): Promise<ImportedDataset> {
  const file = `${dir}/export.ndjson`;
  const dbPath = `${dir}/imported.db`;
  const events = await writeSeedExport(file, project, accounts, days, Date.now());
  log(`scale: ${events} seeded events exported to NDJSON (${Math.round(statSync(file).size / 1024 / 1024)} MiB); importing…`);
  const store = openSqliteStore(dbPath);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let result;
  try {
    result = await importFile(store, project.id, file, { format: 'uptake' });
  } finally {
    await store.close();
  }
  const used = process.cpuUsage(cpu);
  const importSeconds = (performance.now() - started) / 1000;
  if (result.counts.stored !== events) throw new Error(`scale: ${events} events exported but ${result.counts.stored} stored (${result.counts.rejected} rejected)`);
  return { dbPath, events, accounts, days, importSeconds, importCpuMicrosPerEvent: (used.user + used.system) / events, ...measureDisk(dbPath) };
}
