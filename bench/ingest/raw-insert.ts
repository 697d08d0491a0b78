// The physical limit the HTTP figure is compared with: the same rows inserted straight into a
// database with the store's own schema (same table, indexes and pragmas), through one prepared
// statement, one transaction per batch — no HTTP, no JSON, no validation, no rollups.
import { closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '@uptake/collector/internals';
import { COMPACT_INSERT_SQL, rawEventWriter } from '../../collector/src/storage/sqlite/compact-events.js';
import type { NormalizedEvent, StoredEventType } from '../../collector/src/storage/store.js';
import { ROOT } from '../collector-process.js';
import { PROJECT, type PooledEvent } from './event-pool.js';

/** Position of the messageId among the compact insert's parameters (three times the time, the project, then it). */
const MESSAGE_ID_PARAM = 4;

/**
 * Each pooled row as the compact layout's insert parameters (compact-events.ts), its dictionary
 * entries added to the database once, before the timed inserts.
 */
function compactRows(db: Database.Database, pool: PooledEvent[]): unknown[][] {
  const writer = rawEventWriter(db);
  return db.transaction(() =>
    pool.map(({ row: [type, event, userId, anonymousId, userKey, groupId, accountId, ts, receivedAt, sessionId, properties, traits, context] }) => {
      const e: NormalizedEvent = {
        messageId: 'pooled', type: type as StoredEventType, event, userId, anonymousId, userKey, groupId, timestamp: ts, receivedAt, sessionId,
        properties: null, traits: null, context: null, json: { properties, traits, context },
      };
      return writer.encode(PROJECT, e, accountId);
    }),
  )();
}

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
  const insert = db.prepare(COMPACT_INSERT_SQL);
  const rows = compactRows(db, pool);
  const walFd = openSync(`${dbPath}-wal`, 'a');
  let cursor = 0;
  let counter = 0;
  const runId = `raw${process.hrtime.bigint().toString(36)}`;
  const commit = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const values = rows[cursor];
      cursor = cursor + 1 === pool.length ? 0 : cursor + 1;
      values[MESSAGE_ID_PARAM] = `${runId}-${(counter++).toString(36)}`;
      insert.run(...values);
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
