// Copies a SQLite store into an empty PostgreSQL one (SPEC §14, `uptake-collector migrate`). Both
// stores keep the same tables (postgres/pg-migrations.ts mirrors sqlite/migrations.ts); PostgreSQL
// leaves out some SQLite-only rollups and columns, so each PostgreSQL table gets the columns both
// sides have, row for row, ids included (the order of events stored in the same millisecond). The
// copy is one transaction: a failed migration leaves the target empty, ready for a rerun. Rows are
// streamed with COPY (text format) into tables emptied in that transaction (so written frozen), and
// each table's indexes and keys are built once after its rows are in: on the 10 M-event benchmark
// dataset this is several times faster than multi-row INSERTs into indexed tables.
import Database from 'better-sqlite3';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { UptakeError } from '../errors.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { analyzeAfterBulkLoad, rebuildReportRollups } from './postgres/pg-report-rollups.js';
import { REBUILD_ACCOUNT_NAME_DAYS_SQL } from './postgres/pg-account-name-days.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export interface CopyProgress {
  table: string;
  /** Rows copied so far over all tables, and the total to copy. */
  done: number;
  total: number;
}

export interface CopyResult {
  /** Rows copied per table. */
  tables: Record<string, number>;
  /** PostgreSQL tables the SQLite database does not have (left empty). */
  missing: string[];
  ms: number;
  /** Where the time went: streaming rows (COPY), building indexes and keys after, rebuilding the report rollups, VACUUM ANALYZE. */
  phases: { copyMs: number; indexMs: number; rollupMs: number; analyzeMs: number };
}

/** Tables of each side's migration bookkeeping (never copied). */
const BOOKKEEPING = new Set(['uptake_schema_migrations', 'schema_migrations']);

/** SQLite views that give a PostgreSQL table's rows where the SQLite table is stored differently (compact raw events). */
const SOURCE_OF: Record<string, string> = { events: 'event_rows' };
const sourceOf = (table: string): string => SOURCE_OF[table] ?? table;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

interface TablePlan {
  name: string;
  columns: string[];
  identity: string | null;
  rows: number;
}

/**
 * Copies every table of the SQLite database at `from` into the empty PostgreSQL database at `to`.
 * Refuses (`invalid_flags`) a target with any row in any table.
 * @example await copyToPostgres('./data/uptake.db', 'postgres://uptake@127.0.0.1/uptake', (p) => console.log(p.done))
 */
export async function copyToPostgres(from: string, to: string, onProgress: (progress: CopyProgress) => void = () => {}): Promise<CopyResult> {
  const started = performance.now();
  // Opening each store once brings both schemas up to date (and checkpoints the SQLite WAL).
  await (await openSqliteStore(from)).close();
  await (await openPostgresStore(to)).close();

  const source = new Database(from, { readonly: true, fileMustExist: true });
  const target = new pg.Client({ connectionString: to });
  await target.connect();
  try {
    const plans = await planTables(source, target);
    for (const plan of plans) {
      const { rows } = await target.query(`SELECT 1 FROM ${quote(plan.name)} LIMIT 1`);
      if (rows.length > 0) throw new UptakeError('invalid_flags', `--to: the database is not empty (table ${plan.name} has rows); migrate copies into an empty database only`);
    }
    const copyable = plans.filter((p) => p.columns.length > 0);
    const total = copyable.reduce((sum, p) => sum + p.rows, 0);
    const result: CopyResult = { tables: {}, missing: plans.filter((p) => p.columns.length === 0).map((p) => p.name), ms: 0, phases: { copyMs: 0, indexMs: 0, rollupMs: 0, analyzeMs: 0 } };
    let done = 0;
    const phase = { at: performance.now() };
    const lap = (key: keyof CopyResult['phases']) => {
      const now = performance.now();
      result.phases[key] += now - phase.at;
      phase.at = now;
    };
    await target.query('BEGIN');
    try {
      // Index builds and the rollups' sorts in memory rather than in temp files (this session only).
      await target.query(`SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL work_mem = '128MB'`);
      lap('copyMs');
      for (const plan of copyable) {
        onProgress({ table: plan.name, done, total });
        result.tables[plan.name] = 0;
        if (plan.rows > 0) {
          // Loading first and indexing after is several times faster than keeping every index up to date row by row.
          const indexes = await indexesOf(target, plan.name);
          for (const sql of indexes.drop) await target.query(sql);
          result.tables[plan.name] = await copyTable(source, target, plan, (n) => {
            done += n;
            onProgress({ table: plan.name, done, total });
          });
          lap('copyMs');
          for (const sql of indexes.create) await target.query(sql);
          lap('indexMs');
        }
        if (plan.identity) {
          // The next id continues after the copied ones.
          await target.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${quote(plan.identity)}), 0) + 1, false) FROM ${quote(plan.name)}`, [plan.name, plan.identity]);
        }
        lap('copyMs');
      }
      // The PostgreSQL store's own report rollups, derived from the copied ones.
      await rebuildReportRollups(target);
      await target.query(REBUILD_ACCOUNT_NAME_DAYS_SQL);
      await target.query('COMMIT');
      lap('rollupMs');
    } catch (err) {
      await target.query('ROLLBACK').catch(() => {});
      throw err;
    }
    // Planner statistics and the visibility map for the copied rows (index-only scans from the start).
    await analyzeAfterBulkLoad(target);
    lap('analyzeMs');
    result.ms = performance.now() - started;
    return result;
  } finally {
    source.close();
    await target.end();
  }
}

/** Each PostgreSQL table with the columns the SQLite table has too, its identity column and row count. */
async function planTables(source: Database.Database, target: pg.Client): Promise<TablePlan[]> {
  const { rows } = await target.query<{ table_name: string; column_name: string; is_identity: string }>(
    `SELECT c.table_name, c.column_name, c.is_identity FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, { columns: string[]; identity: string | null }>();
  for (const r of rows) {
    if (BOOKKEEPING.has(r.table_name)) continue;
    const t = byTable.get(r.table_name) ?? { columns: [], identity: null };
    t.columns.push(r.column_name);
    if (r.is_identity === 'YES') t.identity = r.column_name;
    byTable.set(r.table_name, t);
  }
  const plans: TablePlan[] = [];
  for (const [name, t] of byTable) {
    const sqliteColumns = new Set((source.pragma(`table_info(${quote(sourceOf(name))})`) as Array<{ name: string }>).map((c) => c.name));
    const columns = t.columns.filter((c) => sqliteColumns.has(c));
    const rowCount = columns.length ? (source.prepare(`SELECT count(*) AS n FROM ${quote(name)}`).get() as { n: number }).n : 0;
    plans.push({ name, columns, identity: t.identity && columns.includes(t.identity) ? t.identity : null, rows: rowCount });
  }
  return plans;
}

/** COPY's text format of one value (node-postgres's text form of a parameter, escaped): \N is NULL. */
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]) : value;
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  return String(value);
}

/** Rows per chunk written to the COPY stream (and per progress callback). */
const COPY_CHUNK = 5_000;

/**
 * Streams one table with COPY FROM STDIN (text format) into the table TRUNCATEd in this transaction,
 * WITH FREEZE: rows are written frozen and all-visible, so the VACUUM after the copy has little to do.
 * Returns its row count.
 */
async function copyTable(source: Database.Database, target: pg.Client, plan: TablePlan, onRows: (n: number) => void): Promise<number> {
  const order = plan.identity ? ` ORDER BY ${quote(plan.identity)}` : '';
  // Integers as BigInt: the compact layout's event ids use all 64 bits.
  const rows = source.prepare(`SELECT ${plan.columns.map(quote).join(', ')} FROM ${quote(sourceOf(plan.name))}${order}`).raw().safeIntegers(plan.name in SOURCE_OF).iterate() as IterableIterator<unknown[]>;
  let copied = 0;
  function* chunks(): Generator<string> {
    let text = '';
    let pending = 0;
    for (const row of rows) {
      text += `${row.map(copyText).join('\t')}\n`;
      if (++pending === COPY_CHUNK) {
        yield text;
        copied += pending;
        onRows(pending);
        text = '';
        pending = 0;
      }
    }
    if (pending > 0) {
      yield text;
      copied += pending;
      onRows(pending);
    }
  }
  await target.query(`TRUNCATE ${quote(plan.name)}`);
  const sink = target.query(copyFrom(`COPY ${quote(plan.name)} (${plan.columns.map(quote).join(', ')}) FROM STDIN WITH (FREEZE)`));
  await pipeline(Readable.from(chunks(), { objectMode: false }), sink);
  return copied;
}

/** A table's indexes and the key constraints behind some of them, to drop before a bulk copy and make again after it. */
interface TableIndexes {
  drop: string[];
  create: string[];
}

/** Index and key definitions of `table` (no foreign keys point at the store's tables). */
async function indexesOf(target: pg.Client, table: string): Promise<TableIndexes> {
  const { rows } = await target.query<{ index: string; def: string; constraint: string | null; condef: string | null }>(
    `SELECT i.indexrelid::regclass::text AS index, pg_get_indexdef(i.indexrelid) AS def, c.conname AS constraint, pg_get_constraintdef(c.oid) AS condef
     FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
     WHERE i.indrelid = $1::regclass ORDER BY i.indexrelid`,
    [quote(table)],
  );
  const t = quote(table);
  return {
    drop: rows.map((r) => (r.constraint ? `ALTER TABLE ${t} DROP CONSTRAINT ${quote(r.constraint)}` : `DROP INDEX ${r.index}`)),
    create: rows.map((r) => (r.constraint ? `ALTER TABLE ${t} ADD CONSTRAINT ${quote(r.constraint)} ${r.condef}` : r.def)),
  };
}
