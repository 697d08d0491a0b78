// Ingest benchmark (SPEC §8): events/s through `POST /v1/batch` into a real collector process, for
// batches of 50 (targets), 1 and 500, next to the raw better-sqlite3 insert rate of the same rows
// measured in the same run, and their ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@uptake/collector/internals';
import { atLeast, row, type BenchRow } from '../bench-row.js';
import { benchConfig } from '../bench-config.js';
import { busiestThreads, startCollector, type ThreadShare } from '../collector-process.js';
import { sampleLoad } from '../machine-load.js';
import { round } from '../stats.js';
import { batchBodies, buildEventPool, PROJECT, type PooledEvent } from './event-pool.js';
import { sendBatches } from './http-load.js';
import { insertRaw } from './raw-insert.js';

const BATCH_SIZES = [50, 1, 500] as const;
const TARGET_BATCH = 50;
const CONNECTIONS = 10;

interface Durations {
  warmup: number;
  measure: number;
}

interface HttpRun {
  batchSize: number;
  eventsPerSecond: number;
  collectorCpuMicrosPerEvent: number | null;
  latencyP50Ms: number;
  latencyP99Ms: number;
  storedEvents: number;
  /** During the measured period: the main thread and the busiest other one (the SQLite writer). */
  threads: { main: ThreadShare; busiest: ThreadShare } | null;
}

/** One batch size against a fresh collector and database: warm up, measure, then check what was stored. */
async function runHttp(dir: string, pool: PooledEvent[], batchSize: number, d: Durations): Promise<HttpRun> {
  const dbPath = join(dir, `http-${batchSize}.db`);
  const collector = await startCollector(benchConfig(), dbPath);
  let sent = 0;
  let measured;
  let cpu: number | null = null;
  let threads: HttpRun['threads'] = null;
  try {
    const nextBody = batchBodies(pool, batchSize, `b${batchSize}-${Date.now().toString(36)}`);
    const warm = await sendBatches(collector.url, nextBody, { connections: CONNECTIONS, seconds: d.warmup });
    const cpuBefore = collector.cpuSeconds();
    const threadsBefore = collector.threads();
    measured = await sendBatches(collector.url, nextBody, { connections: CONNECTIONS, seconds: d.measure });
    const cpuAfter = collector.cpuSeconds();
    const threadsAfter = collector.threads();
    if (threadsBefore && threadsAfter) threads = busiestThreads(collector.pid, threadsBefore, threadsAfter, measured.seconds);
    if (cpuBefore !== null && cpuAfter !== null) cpu = cpuAfter - cpuBefore;
    if (warm.failed + measured.failed > 0) throw new Error(`ingest: ${warm.failed + measured.failed} requests failed (non-2xx, errors or timeouts) with batches of ${batchSize}`);
    sent = (warm.ok + measured.ok) * batchSize;
  } finally {
    await collector.stop();
  }
  // Every acknowledged event must be stored; requests in flight when each of the two autocannon runs stopped add a few more.
  const store = openSqliteStore(dbPath);
  const storedEvents = await store.countEvents(PROJECT);
  await store.close();
  if (storedEvents < sent || storedEvents > sent + 2 * CONNECTIONS * batchSize) {
    throw new Error(`ingest: ${sent} events acknowledged with batches of ${batchSize}, but ${storedEvents} stored`);
  }
  const events = measured.ok * batchSize;
  return {
    batchSize,
    eventsPerSecond: events / measured.seconds,
    collectorCpuMicrosPerEvent: cpu === null || events === 0 ? null : (cpu / events) * 1e6,
    latencyP50Ms: measured.latencyP50Ms,
    latencyP99Ms: measured.latencyP99Ms,
    storedEvents,
    threads,
  };
}

/**
 * Runs the ingest part; `quick` shortens every phase to a smoke run.
 * @example const { rows } = await benchIngest({ quick: true })
 */
export async function benchIngest(options: { quick: boolean }): Promise<{ rows: BenchRow[]; details: Record<string, unknown> }> {
  const d: Durations = options.quick ? { warmup: 0.3, measure: 1 } : { warmup: 2, measure: 10 };
  const dir = mkdtempSync(join(tmpdir(), 'uptake-bench-ingest-'));
  const load = sampleLoad();
  try {
    const pool = buildEventPool(Date.now());
    const http: HttpRun[] = [];
    for (const size of BATCH_SIZES) http.push(await runHttp(dir, pool, size, d));
    const rawSeconds = options.quick ? 0.5 : 5;
    const raw = await insertRaw(join(dir, 'raw.db'), pool, { batchSize: TARGET_BATCH, seconds: rawSeconds, warmupSeconds: d.warmup, fsyncEachCommit: false });
    const rawDurable = await insertRaw(join(dir, 'raw-durable.db'), pool, { batchSize: TARGET_BATCH, seconds: rawSeconds, warmupSeconds: d.warmup, fsyncEachCommit: true });
    const machine = load.stop();

    const at50 = http.find((h) => h.batchSize === TARGET_BATCH)!;
    const rows: BenchRow[] = [];
    for (const h of http) {
      const target = h.batchSize === TARGET_BATCH;
      rows.push(
        row('ingest', `HTTP, batches of ${h.batchSize}`, h.eventsPerSecond, 'events/s', target ? atLeast(40_000) : null,
          target ? `${CONNECTIONS} keep-alive connections (autocannon), ${d.measure} s after ${d.warmup} s warm-up, fresh collector process and database per batch size` : undefined),
      );
      if (h.collectorCpuMicrosPerEvent !== null) rows.push(row('ingest', `collector CPU per event, batches of ${h.batchSize}`, h.collectorCpuMicrosPerEvent, 'µs'));
      if (target && h.threads) {
        const share = (thread: string, what: string, value: number, note?: string) =>
          row('ingest', `${thread} thread ${what}, batches of ${h.batchSize}`, value * 100, '%', null, note);
        rows.push(
          share('writer', 'on a CPU', h.threads.busiest.running,
            'share of the measured wall time the busiest thread besides the main one (the SQLite writer) ran, or was runnable but waited for a core, from /proc/<pid>/task/<tid>/schedstat'),
          share('writer', 'waiting for a core', h.threads.busiest.waiting),
          share('main', 'on a CPU', h.threads.main.running),
          share('main', 'waiting for a core', h.threads.main.waiting),
        );
      }
    }
    rows.push(
      row('ingest', 'raw better-sqlite3 insert, same rows', raw.rowsPerSecond, 'rows/s', null,
        `one prepared INSERT, one transaction per ${TARGET_BATCH} rows, the store's schema and pragmas (${raw.pragmas.join(', ')}), no fsync beyond what those pragmas do`),
      row('ingest', 'HTTP (batches of 50) / raw insert', at50.eventsPerSecond / raw.rowsPerSecond, 'ratio', atLeast(0.5)),
      row('ingest', 'raw insert CPU per row', raw.cpuMicrosPerRow, 'µs'),
      ...(at50.collectorCpuMicrosPerEvent === null ? [] : [
        row('ingest', 'same ratio by CPU time (raw µs/row ÷ collector µs/event)', raw.cpuMicrosPerRow / at50.collectorCpuMicrosPerEvent, 'ratio', null,
          'load-independent view of the ratio: what it would be if the collector and the raw loop each had a core to themselves'),
      ]),
      row('ingest', 'raw insert, WAL fsynced per commit', rawDurable.rowsPerSecond, 'rows/s', null,
        'what the store adds for durability: an fsync of the -wal file after each commit (it shares one fsync between all batches committed in one event-loop turn)'),
      row('ingest', 'load average during ingest', machine.mean, 'load'),
    );
    return {
      rows,
      details: {
        connections: CONNECTIONS,
        durations: d,
        http: http.map((h) => ({ ...h, eventsPerSecond: round(h.eventsPerSecond, 0), collectorCpuMicrosPerEvent: h.collectorCpuMicrosPerEvent && round(h.collectorCpuMicrosPerEvent, 1) })),
        raw: { ...raw, rowsPerSecond: round(raw.rowsPerSecond, 0) },
        rawDurable: { ...rawDurable, rowsPerSecond: round(rawDurable.rowsPerSecond, 0) },
        loadAverage: { mean: round(machine.mean), max: round(machine.max) },
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
