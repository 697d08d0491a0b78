// PostgreSQL benchmark (SPEC §14, `npm run bench -- --store postgres`) against a throwaway server:
// ingest over HTTP (batches of 50) with one and two collectors, next to one SQLite collector in the
// same run; then every report endpoint's latency on a SQLite dataset copied with `uptake-collector
// migrate`'s code path, on both stores (whose answers must be equal). The dataset is the reports
// part's cached one of that size when bench/data holds it (`--accounts 740`: the 10 M-event dataset,
// no import), else the seeded history imported into SQLite first.
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyToPostgres, type CopyProgress } from '../../collector/src/storage/copy-to-postgres.js';
import { DAY_MS } from '../../collector/src/storage/store.js';
import { startPgServer } from '../../collector/test/postgres/pg-server.js';
import { atMost, row, type BenchRow } from '../bench-row.js';
import { benchConfig, benchProject } from '../bench-config.js';
import { startCollector, type CollectorProcess } from '../collector-process.js';
import { batchBodies, buildEventPool } from '../ingest/event-pool.js';
import { sendBatches } from '../ingest/http-load.js';
import { sampleLoad } from '../machine-load.js';
import { percentile, round } from '../stats.js';
import { cachedDataset, DATA_DIR, FULL_DATASET } from '../reports/dataset.js';
import { importedDataset } from './import-dataset.js';

const CONNECTIONS = 10;
const P95_TARGET_MS = 150;
/** SPEC §10's target for a 52-week trend and account history (as in the SQLite reports part). */
const TREND_P95_TARGET_MS = 250;
const SEGMENT = 'plan=pro';
const SEGMENTED = ['overview', 'accounts', 'features', 'satisfaction', 'retention', 'churn'];
const WINDOW_DAYS = 30;
/** Default size: 15 accounts over a year (~200 000 events). */
const PG_ACCOUNTS = 15;

/** Events/s acknowledged by `collectors` sharing the connections, after a warm-up. */
async function ingestRate(collectors: CollectorProcess[], seconds: { warmup: number; measure: number }, runId: string): Promise<number> {
  const pool = buildEventPool(Date.now());
  const per = Math.max(1, Math.floor(CONNECTIONS / collectors.length));
  const drive = (s: number, tag: string) =>
    Promise.all(collectors.map((c, i) => sendBatches(c.url, batchBodies(pool, 50, `${runId}-${tag}-${i}`), { connections: per, seconds: s })));
  await drive(seconds.warmup, 'w');
  const runs = await drive(seconds.measure, 'm');
  const failed = runs.reduce((n, r) => n + r.failed, 0);
  if (failed > 0) throw new Error(`postgres: ${failed} ingest requests failed (${runId})`);
  return runs.reduce((sum, r) => sum + (r.ok * 50) / r.seconds, 0);
}

async function timedGet(url: string, secretKey: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${secretKey}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`postgres: GET ${url} answered ${res.status}: ${body.slice(0, 200)}`);
  return { ms: performance.now() - started, body };
}

/** The report dataset in SQLite: the reports part's cached one of `accounts` × 365 days if bench/data holds it, else an import. */
async function reportDataset(dir: string, project: ReturnType<typeof benchProject>, accounts: number, options: { quick: boolean; accounts: number | null }, log: (l: string) => void) {
  // Only a size asked for: the default run stays the small import it always was.
  const cached = !options.quick && options.accounts !== null ? cachedDataset(DATA_DIR, { ...FULL_DATASET, accounts }, project) : null;
  if (cached) {
    log(`postgres: reusing the reports part's cached dataset ${cached.dbPath} (${cached.events} events)`);
    return { dbPath: cached.dbPath, events: cached.events, days: FULL_DATASET.days, endDay: cached.endDay, source: "the reports part's dataset cached in bench/data" };
  }
  const ds = await importedDataset(dir, project, accounts, options.quick ? 40 : 365, log);
  return { dbPath: ds.dbPath, events: ds.events, days: ds.days, endDay: Math.floor(Date.now() / DAY_MS), source: 'imported into SQLite' };
}

/** Logs the copy's progress every 10 s: rows so far, rate, and the table being copied. */
function copyLogger(log: (l: string) => void): (p: CopyProgress) => void {
  const started = performance.now();
  let next = 10;
  return (p) => {
    const s = (performance.now() - started) / 1000;
    if (s < next) return;
    next = s + 10;
    log(`postgres: migrate ${p.done}/${p.total} rows in ${Math.round(s)} s (${Math.round(p.done / s)} rows/s), table ${p.table}`);
  };
}

/** pg_database_size of the database at `url`. */
async function databaseBytes(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
  } finally {
    await client.end();
  }
}

/**
 * Runs the PostgreSQL part (quick: a smoke run).
 * @example const { rows } = await benchPostgres({ quick: true, accounts: null })
 */
export async function benchPostgres(options: { quick: boolean; accounts: number | null }): Promise<{ rows: BenchRow[]; details: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-bench-pg-'));
  const server = await startPgServer({ durable: true });
  const load = sampleLoad();
  const seconds = options.quick ? { warmup: 0.5, measure: 1 } : { warmup: 2, measure: 10 };
  const log = (l: string) => console.error(`bench: ${l}`);
  try {
    // ---- ingest: SQLite, PostgreSQL with one collector, PostgreSQL with two sharing one database ----
    const rates: Record<string, number> = {};
    for (const [name, count] of [['sqlite', 1], ['postgres-1', 1], ['postgres-2', 2]] as const) {
      const db = name === 'sqlite' ? join(dir, 'ingest.db') : await server.createDatabase();
      const collectors = await Promise.all(Array.from({ length: count }, () => startCollector(benchConfig(), db)));
      try {
        rates[name] = await ingestRate(collectors, seconds, `${name}-${Date.now().toString(36)}`);
      } finally {
        await Promise.all(collectors.map((c) => c.stop()));
      }
      log(`postgres: ingest ${name}: ${Math.round(rates[name])} events/s`);
    }

    // ---- reports on both stores, same data ----
    const project = benchProject();
    const accounts = options.accounts ?? (options.quick ? 2 : PG_ACCOUNTS);
    const ds = await reportDataset(dir, project, accounts, options, log);
    const url = await server.createDatabase();
    const copy = await copyToPostgres(ds.dbPath, url, copyLogger(log));
    const pgBytes = await databaseBytes(url);
    log(`postgres: dataset of ${ds.events} events copied in ${round(copy.ms / 1000, 1)} s (${Math.round(ds.events / (copy.ms / 1000))} events/s); ${Math.round(pgBytes / 1024 / 1024)} MiB in PostgreSQL`);
    const endDay = ds.endDay;
    const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
    const window = `from=${isoDay(endDay - WINDOW_DAYS)}&to=${isoDay(endDay)}`;
    const year = `from=${isoDay(endDay - 364)}&to=${isoDay(endDay)}`;
    // Every report endpoint of the reports part: the 30-day window, each filtered to a segment, and
    // the 52-week trend and account history (their target is the trend target of §10).
    const endpoints: Array<{ name: string; path: string; window?: string; target?: number }> = [
      { name: 'overview', path: 'overview?' }, { name: 'accounts', path: 'accounts?' }, { name: 'accounts/:accountId', path: 'accounts/:id?' },
      { name: 'features', path: 'features?' }, { name: 'satisfaction', path: 'satisfaction?' }, { name: 'retention', path: 'retention?period=week&' },
      { name: 'accounts CSV', path: 'accounts?format=csv&' }, { name: 'churn', path: 'churn?' },
      ...SEGMENTED.map((name) => ({ name: `${name} ${SEGMENT}`, path: `${name}?${name === 'retention' ? 'period=week&' : ''}${SEGMENT}&` })),
      { name: `trends 30 days by day ${SEGMENT}`, path: `trends?interval=day&metrics=activeAccounts,activeUsers,nps&${SEGMENT}&` },
      { name: 'trends 52 weeks × 5 metrics', path: 'trends?interval=week&metrics=activeAccounts,activeUsers,nps,health,mrr&', window: year, target: TREND_P95_TARGET_MS },
      { name: 'accounts/:accountId/history 52 weeks', path: 'accounts/:id/history?interval=week&', window: year, target: TREND_P95_TARGET_MS },
    ];
    const samples: Record<string, Record<string, number[]>> = { sqlite: {}, postgres: {} };
    const bodies: Record<string, Record<string, string>> = { sqlite: {}, postgres: {} };
    const repeats = options.quick ? 3 : 20;
    for (const [store, db] of [['sqlite', ds.dbPath], ['postgres', url]] as const) {
      log(`postgres: timing ${endpoints.length} reports × ${repeats} on ${store}…`);
      const collector = await startCollector(benchConfig(), db);
      try {
        const base = `${collector.url}/v1/reports/`;
        // The account pages are asked for the busiest accounts (largest rollups), in turn.
        const first = JSON.parse((await timedGet(`${base}accounts?${window}`, project.secretKey)).body) as { accounts: { accountId: string; activeUsers: number }[] };
        const busiest = [...first.accounts].sort((a, b) => b.activeUsers - a.activeUsers || (a.accountId < b.accountId ? -1 : 1)).slice(0, 5).map((a) => a.accountId);
        const all = busiest.length ? endpoints : endpoints.filter((e) => !e.path.includes(':id'));
        for (let i = 0; i < repeats + 2; i++) {
          for (const e of all) {
            const path = e.path.replace(':id', encodeURIComponent(busiest[i % busiest.length] ?? ''));
            const { ms, body } = await timedGet(`${base}${path}${e.window ?? window}`, project.secretKey);
            if (i < busiest.length) bodies[store][`${e.name} ${i}`] = body;
            if (i >= 2) (samples[store][e.name] ??= []).push(ms);
          }
        }
      } finally {
        await collector.stop();
      }
    }
    const machine = load.stop();
    const differing = [...new Set(Object.keys(bodies.sqlite).filter((k) => bodies.sqlite[k] !== bodies.postgres[k]).map((k) => k.replace(/ \d+$/, '')))];

    const rows: BenchRow[] = [
      row('postgres', 'ingest SQLite, 1 collector', rates.sqlite, 'events/s', null, `HTTP, batches of 50, ${CONNECTIONS} connections, ${seconds.measure} s; PostgreSQL with fsync on`),
      row('postgres', 'ingest PostgreSQL, 1 collector', rates['postgres-1'], 'events/s'),
      row('postgres', 'ingest PostgreSQL, 2 collectors', rates['postgres-2'], 'events/s'),
      row('postgres', 'PostgreSQL 1 collector / SQLite', rates['postgres-1'] / rates.sqlite, 'ratio'),
      row('postgres', 'PostgreSQL 2 collectors / SQLite', rates['postgres-2'] / rates.sqlite, 'ratio'),
      row('postgres', 'report dataset events', ds.events, 'events', null, `${accounts} accounts × ${ds.days} days, ${ds.source}, then copied by migrate; window ${window.replace('&', ' … ')}`),
      row('postgres', 'migrate copy rate', ds.events / (copy.ms / 1000), 'events/s', null,
        `events per second of the whole migrate (${Object.values(copy.tables).reduce((a, b) => a + b, 0)} rows of every table, indexes, rollups, VACUUM ANALYZE)`),
      row('postgres', 'migrate time', copy.ms / 1000, 's'),
      row('postgres', 'migrate: COPY of the rows', copy.phases.copyMs / 1000, 's'),
      row('postgres', 'migrate: indexes and keys built after', copy.phases.indexMs / 1000, 's'),
      row('postgres', 'migrate: report rollups rebuilt', copy.phases.rollupMs / 1000, 's'),
      row('postgres', 'migrate: VACUUM ANALYZE', copy.phases.analyzeMs / 1000, 's'),
      row('postgres', 'PostgreSQL database size', pgBytes / 1024 / 1024, 'MiB', null, 'pg_database_size after the copy and VACUUM ANALYZE'),
      row('postgres', 'PostgreSQL bytes per event', pgBytes / ds.events, 'B'),
      row('postgres', 'reports differing between the stores', differing.length, 'reports', atMost(0), differing.length ? differing.join(', ') : undefined),
    ];
    const latency: Record<string, unknown> = {};
    for (const name of Object.keys(samples.postgres)) {
      const pg95 = percentile(samples.postgres[name], 95);
      const sq95 = percentile(samples.sqlite[name] ?? [], 95);
      const pg50 = percentile(samples.postgres[name], 50);
      const sq50 = percentile(samples.sqlite[name] ?? [], 50);
      latency[name] = { postgresP50: round(pg50, 1), postgresP95: round(pg95, 1), sqliteP50: round(sq50, 1), sqliteP95: round(sq95, 1) };
      const target = endpoints.find((e) => e.name === name)?.target ?? P95_TARGET_MS;
      rows.push(
        row('postgres', `${name} p50 PostgreSQL`, pg50, 'ms'), row('postgres', `${name} p95 PostgreSQL`, pg95, 'ms', atMost(target)),
        row('postgres', `${name} p50 SQLite (same data)`, sq50, 'ms'), row('postgres', `${name} p95 SQLite (same data)`, sq95, 'ms'),
      );
    }
    rows.push(row('postgres', 'load average during the part', machine.mean, 'load', null, `max ${round(machine.max)}`));
    return {
      rows,
      details: {
        rates, events: ds.events, accounts, dataset: ds.source, latency, differing, copySeconds: round(copy.ms / 1000, 1),
        copyPhasesSeconds: Object.fromEntries(Object.entries(copy.phases).map(([k, v]) => [k.replace(/Ms$/, ''), round(v / 1000, 1)])),
        copiedRows: copy.tables, postgresBytes: pgBytes, loadAverage: { mean: round(machine.mean), max: round(machine.max) },
      },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
