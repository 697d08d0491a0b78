// The connection pool of one collector: node-postgres with numbers parsed as JS numbers (epoch ms
// fit exactly), a bounded size, and a URL that is never printed with its password.
import pg from 'pg';

/** Connections one collector opens at most, unless the URL says `?pool_max=N`. */
export const DEFAULT_POOL_MAX = 10;

const INT8 = 20;
const NUMERIC = 1700;

/** bigint (ms times, counts) and numeric (sums) as JS numbers instead of strings. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The URL with its password replaced by `***`, for messages and logs.
 * @example redactUrl('postgres://u:secret@db/uptake') // → 'postgres://u:***@db/uptake'
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/**
 * A pool for a `postgres://` URL. `?pool_max=N` (ours, removed before connecting) sets its size.
 * @example const pool = createPool('postgres://uptake@127.0.0.1:5432/uptake')
 */
export function createPool(url: string, onIdleError: (err: Error) => void): pg.Pool {
  let connectionString = url;
  let max = DEFAULT_POOL_MAX;
  try {
    const parsed = new URL(url);
    const wanted = parsed.searchParams.get('pool_max');
    if (wanted !== null) {
      const n = Number(wanted);
      if (Number.isInteger(n) && n > 0) max = n;
      parsed.searchParams.delete('pool_max');
      connectionString = parsed.toString();
    }
  } catch {
    // Not a WHATWG URL (e.g. a socket path in the host): node-postgres parses it itself.
  }
  const pool = new pg.Pool({
    connectionString,
    max,
    types,
    application_name: 'uptake-collector',
    // Statements of one batch are sent back to back without waiting for each answer (pg-pipeline.ts).
    pipeline: true,
    // A request waits this long for a free connection (or a new one) before answering 503.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // Queued ahead of the connection's first query:
  // - report reads are short: JIT compilation (on by default from PostgreSQL 12) would cost more
  //   than it saves once a large table's estimates pass jit_above_cost;
  // - a report's grouping of ~10⁴ (account, user) rows hashes in memory with 32 MB (the default
  //   4 MB makes the planner sort instead, about twice as slow); a larger server setting is kept.
  pool.on('connect', (client) => {
    client.query('SET jit = off').catch(() => {});
    client.query(`SELECT set_config('work_mem', '32MB', false) FROM pg_settings WHERE name = 'work_mem' AND setting::bigint < 32768`).catch(() => {});
  });
  // An idle connection dropped by the server (restart, failover) must not crash the collector:
  // the pool replaces it and the next query reconnects.
  pool.on('error', onIdleError);
  return pool;
}
