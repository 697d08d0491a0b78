// Copies a SQLite store into an empty PostgreSQL one (SPEC §14, `uptake-collector migrate`). Both
// stores keep the same tables (postgres/pg-migrations.ts mirrors sqlite/migrations.ts); PostgreSQL
// leaves out some SQLite-only rollups and columns, so each PostgreSQL table gets the columns both
// sides have, row for row, ids included (the order of events stored in the same millisecond). The
// copy is one transaction: a failed migration leaves the target empty, ready for a rerun.
import Database from 'better-sqlite3';
import pg from 'pg';
import { UptakeError } from '../errors.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { analyzeAfterBulkLoad, rebuildReportRollups } from './postgres/pg-report-rollups.js';
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
}

/** Tables of each side's migration bookkeeping (never copied). */
const BOOKKEEPING = new Set(['uptake_schema_migrations', 'schema_migrations']);
/** Bind parameters per INSERT (PostgreSQL allows 65 535). */
const MAX_PARAMS = 30_000;

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
    const result: CopyResult = { tables: {}, missing: plans.filter((p) => p.columns.length === 0).map((p) => p.name), ms: 0 };
    let done = 0;
    await target.query('BEGIN');
    try {
      for (const plan of copyable) {
        onProgress({ table: plan.name, done, total });
        result.tables[plan.name] = await copyTable(source, target, plan, (n) => {
          done += n;
          onProgress({ table: plan.name, done, total });
        });
        if (plan.identity) {
          // The next id continues after the copied ones.
          await target.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${quote(plan.identity)}), 0) + 1, false) FROM ${quote(plan.name)}`, [plan.name, plan.identity]);
        }
      }
      // The PostgreSQL store's own report rollups, derived from the copied ones.
      await rebuildReportRollups(target);
      await target.query('COMMIT');
    } catch (err) {
      await target.query('ROLLBACK').catch(() => {});
      throw err;
    }
    // Planner statistics and the visibility map for the copied rows (index-only scans from the start).
    await analyzeAfterBulkLoad(target);
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

/** Copies one table in multi-row INSERTs; returns its row count. */
async function copyTable(source: Database.Database, target: pg.Client, plan: TablePlan, onRows: (n: number) => void): Promise<number> {
  const width = plan.columns.length;
  const chunk = Math.max(1, Math.floor(MAX_PARAMS / width));
  const head = `INSERT INTO ${quote(plan.name)} (${plan.columns.map(quote).join(', ')})${plan.identity ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES `;
  const rowSql = (i: number) => `(${plan.columns.map((_, c) => `$${i * width + c + 1}`).join(', ')})`;
  const fullSql = head + Array.from({ length: chunk }, (_, i) => rowSql(i)).join(', ');
  const order = plan.identity ? ` ORDER BY ${quote(plan.identity)}` : '';
  // Integers as BigInt: the compact layout's event ids use all 64 bits (node-postgres sends them as text).
  const rows = source.prepare(`SELECT ${plan.columns.map(quote).join(', ')} FROM ${quote(sourceOf(plan.name))}${order}`).raw().safeIntegers(plan.name in SOURCE_OF).iterate() as IterableIterator<unknown[]>;
  let values: unknown[] = [];
  let pending = 0;
  let copied = 0;
  const flush = async () => {
    const sql = pending === chunk ? fullSql : head + Array.from({ length: pending }, (_, i) => rowSql(i)).join(', ');
    await target.query(sql, values);
    copied += pending;
    onRows(pending);
    values = [];
    pending = 0;
  };
  for (const row of rows) {
    for (const value of row) values.push(value);
    if (++pending === chunk) await flush();
  }
  if (pending > 0) await flush();
  return copied;
}
