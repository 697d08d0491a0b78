// The physical limit the HTTP figure is compared with: the same rows inserted straight into a
// database with the store's own schema (same table, indexes and pragmas), through one prepared
// statement, one transaction per batch — no HTTP, no JSON, no validation, no rollups.
import { closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '@uptake/collector/internals';
import { ROOT } from '../collector-process.js';
import { RAW_INSERT_SQL, type PooledEvent } from './event-pool.js';

const STORE_SOURCE = join(ROOT, 'collector', 'src', 'storage', 'sqlite', 'connection.ts');

/**
 * The pragmas the SQLite store sets on its connection, read from its source so the baseline follows
 * the store when it changes (busy_timeout is about lock waits, not speed, and is left out).
 * @example storePragmas() // ['journal_mode = WAL', 'synchronous = NORMAL', …]
 */
export function storePragmas(): string[] {
  const source = readFileSync(STORE_SOURCE, 'utf8');
  const pragmas = [...source.matchAll(/\.pragma\(\s*['"`]([a-z_]+\s*=\s*[^'"`$]+?)['"`]\s*\)/g)].map((m) => m[1].trim());
  if (!pragmas.some((p) => p.startsWith('journal_mode')) || !pragmas.some((p) => p.startsWith('synchronous'))) {
    throw new Error(`cannot find the journal_mode and synchronous pragmas in ${STORE_SOURCE}; update bench/ingest/raw-insert.ts`);
  }
  return pragmas;
}

export interface RawInsertResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** CPU time this process spent per row (load-independent, unlike rows/s on a shared machine). */
  cpuMicrosPerRow: number;
  pragmas: string[];
}

/**
 * Inserts pooled rows for `seconds` (after `warmupSeconds`) in transactions of `batchSize`.
 * `fsyncEachCommit` adds what the store adds to make a commit durable: an fsync of the -wal file.
 * @example insertRaw('/tmp/raw.db', pool, { batchSize: 50, seconds: 5, warmupSeconds: 1, fsyncEachCommit: false })
 */
export async function insertRaw(
  dbPath: string,
  pool: PooledEvent[],
  options: { batchSize: number; seconds: number; warmupSeconds: number; fsyncEachCommit: boolean },
): Promise<RawInsertResult> {
  // The store creates the schema (its migrations), so table and indexes are exactly the collector's.
  await openSqliteStore(dbPath).close();
  const pragmas = storePragmas();
  const db = new Database(dbPath);
  for (const p of pragmas) db.pragma(p);
  const insert = db.prepare(RAW_INSERT_SQL);
  const walFd = openSync(`${dbPath}-wal`, 'a');
  let cursor = 0;
  let counter = 0;
  const runId = `raw${process.hrtime.bigint().toString(36)}`;
  const commit = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const e = pool[cursor];
      cursor = cursor + 1 === pool.length ? 0 : cursor + 1;
      insert.run(`${runId}-${(counter++).toString(36)}`, ...e.row);
    }
  });
  const run = (seconds: number) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const until = started + seconds * 1000;
    let rows = 0;
    do {
      commit(options.batchSize);
      if (options.fsyncEachCommit) fsyncSync(walFd);
      rows += options.batchSize;
    } while (performance.now() < until);
    const used = process.cpuUsage(cpu);
    return { rows, seconds: (performance.now() - started) / 1000, cpuMicrosPerRow: (used.user + used.system) / rows };
  };
  try {
    run(options.warmupSeconds);
    const { rows, seconds, cpuMicrosPerRow } = run(options.seconds);
    return { rows, seconds, rowsPerSecond: rows / seconds, cpuMicrosPerRow, pragmas };
  } finally {
    closeSync(walFd);
    db.close();
  }
}
