// Reports benchmark (SPEC §8): p50/p95 latency of every report endpoint (and a CSV) over repeated
// HTTP requests to a real collector process serving the ~10 M event dataset, plus the dataset's
// generation time and database size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atMost, row, type BenchRow } from '../bench-row.js';
import { benchConfig, benchProject } from '../bench-config.js';
import { startCollector } from '../collector-process.js';
import { sampleLoad } from '../machine-load.js';
import { percentile, round } from '../stats.js';
import { DAY_MS } from '@uptake/collector';
import { DATA_DIR, ensureDataset, FULL_DATASET, QUICK_DATASET, type Dataset, type DatasetSize } from './dataset.js';

/** Events of the full dataset (FULL_DATASET), for the build time projected from a smaller one. */
const FULL_DATASET_EVENTS = 10_200_000;

const P95_TARGET_MS = 100;
/** SPEC §10: a 52-week trend of 5 metrics. */
const TREND_P95_TARGET_MS = 250;
const WINDOW_DAYS = 30;
/** The segment of the filtered rows (SPEC §10): a plan of the generated dataset. */
const SEGMENT = 'plan=pro';

interface Endpoint {
  name: string;
  /** Path and query (the window is appended). */
  path: string;
  /** p95 target (default 100 ms). */
  target?: number;
  /** Its own window instead of the last 30 days. */
  window?: string;
}

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** GETs a report and returns the time to the last byte of the body, failing on anything but 200. */
async function timedGet(url: string, secretKey: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${secretKey}` } });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`reports: GET ${url} answered ${res.status}: ${body.slice(0, 200)}`);
  return { ms, body };
}

/** The dataset of a run: `--accounts N` builds a smaller (or larger) one of the same 365 days, to iterate on. */
function datasetSize(options: { quick: boolean; accounts?: number | null }): DatasetSize {
  if (options.quick) return QUICK_DATASET;
  return options.accounts ? { ...FULL_DATASET, accounts: options.accounts } : FULL_DATASET;
}

/**
 * Runs the reports part against the cached (or newly generated) dataset.
 * @example const { rows } = await benchReports({ quick: true })
 */
export async function benchReports(options: { quick: boolean; accounts?: number | null }): Promise<{ rows: BenchRow[]; details: Record<string, unknown> }> {
  const project = benchProject();
  const scratch = options.quick ? mkdtempSync(join(tmpdir(), 'uptake-bench-reports-')) : null;
  const log = (line: string) => console.error(`bench: ${line}`);
  try {
    const size = datasetSize(options);
    const dataset: Dataset = await ensureDataset(scratch ?? DATA_DIR, size, project, log);
    const load = sampleLoad();
    const collector = await startCollector(benchConfig(), dataset.dbPath);
    const secretKey = project.secretKey;
    const window = `from=${isoDay(dataset.endDay - WINDOW_DAYS)}&to=${isoDay(dataset.endDay)}`;
    const samples = new Map<string, number[]>();
    let accountIds: string[] = [];
    const targets = new Map<string, number>();
    try {
      // The account page is asked for the busiest accounts (largest rollups), in turn.
      const accounts = JSON.parse((await timedGet(`${collector.url}/v1/reports/accounts?${window}`, secretKey)).body) as { accounts: { accountId: string; activeUsers: number }[] };
      if (accounts.accounts.length === 0) throw new Error('reports: the dataset has no active account in the window');
      accountIds = [...accounts.accounts].sort((a, b) => b.activeUsers - a.activeUsers).slice(0, 5).map((a) => a.accountId);
      const endpoints: Endpoint[] = [
        { name: 'overview', path: '/v1/reports/overview?' },
        { name: 'accounts', path: '/v1/reports/accounts?' },
        { name: 'accounts/:accountId', path: '' },
        { name: 'features', path: '/v1/reports/features?' },
        { name: 'satisfaction', path: '/v1/reports/satisfaction?' },
        { name: 'retention', path: '/v1/reports/retention?period=week&' },
        { name: 'accounts CSV', path: '/v1/reports/accounts?format=csv&' },
        { name: 'churn', path: '/v1/reports/churn?' },
        // SPEC §10: every report endpoint filtered to a segment, and a 52-week trend of 5 metrics.
        ...['overview', 'accounts', 'features', 'satisfaction', 'retention', 'churn'].map((name) => ({ name: `${name} ${SEGMENT}`, path: `/v1/reports/${name}?${SEGMENT}&` })),
        { name: `trends 30 days by day ${SEGMENT}`, path: `/v1/reports/trends?interval=day&metrics=activeAccounts,activeUsers,nps&${SEGMENT}&` },
        {
          name: 'trends 52 weeks × 5 metrics', path: '/v1/reports/trends?interval=week&metrics=activeAccounts,activeUsers,nps,health,mrr&',
          target: TREND_P95_TARGET_MS, window: `from=${isoDay(dataset.endDay - 364)}&to=${isoDay(dataset.endDay)}`,
        },
        { name: 'accounts/:accountId/history 52 weeks', path: '', target: TREND_P95_TARGET_MS, window: `from=${isoDay(dataset.endDay - 364)}&to=${isoDay(dataset.endDay)}` },
      ];
      for (const e of endpoints) targets.set(e.name, e.target ?? P95_TARGET_MS);
      const urlOf = (e: Endpoint, i: number) => {
        const account = encodeURIComponent(accountIds[i % accountIds.length]);
        if (e.name === 'accounts/:accountId') return `${collector.url}/v1/reports/accounts/${account}?${window}`;
        if (e.name.startsWith('accounts/:accountId/history')) return `${collector.url}/v1/reports/accounts/${account}/history?interval=week&${e.window}`;
        return `${collector.url}${e.path}${e.window ?? window}`;
      };
      const warmup = 2;
      const repeats = options.quick ? 5 : 40;
      // Endpoints take turns, so a burst of load from elsewhere on the machine hits them all alike.
      for (let i = 0; i < warmup + repeats; i++) {
        for (const e of endpoints) {
          const { ms } = await timedGet(urlOf(e, i), secretKey);
          if (i >= warmup) samples.set(e.name, [...(samples.get(e.name) ?? []), ms]);
        }
      }
    } finally {
      await collector.stop();
    }
    const machine = load.stop();

    const mb = dataset.bytes / 1024 / 1024;
    const rows: BenchRow[] = [
      row('reports', 'dataset events', dataset.events, 'events', null,
        `${dataset.accounts} accounts, ${dataset.users} users, seeded through the bulk path of import and seed; report window = its last ${WINDOW_DAYS} days (${window.replace('&', ' … ')})${dataset.cached ? '; database reused from bench/data, generation figures are from the run that built it' : ''}`),
      row('reports', 'dataset generation time', dataset.generationSeconds, 's'),
      row('reports', 'dataset generation rate', dataset.eventsPerSecond, 'events/s'),
      row('reports', '10 M-event dataset build time at this rate', FULL_DATASET_EVENTS / dataset.eventsPerSecond, 's', atMost(300),
        size === FULL_DATASET ? 'the full dataset, measured' : `projected from this ${dataset.events}-event dataset's rate (the full one has ${FULL_DATASET.accounts} accounts)`),
      row('reports', 'dataset generation CPU per event', dataset.cpuMicrosPerEvent, 'µs', null,
        'CPU time of the generator, the main thread and the bulk writer together, per event: unlike the wall time, not stretched by other work on the machine'),
      row('reports', 'database size', mb, 'MiB'),
      row('reports', 'database bytes per event', dataset.bytes / dataset.events, 'B'),
    ];
    const latency: Record<string, { p50: number; p95: number; n: number }> = {};
    for (const [name, ms] of samples) {
      const p50 = percentile(ms, 50);
      const p95 = percentile(ms, 95);
      latency[name] = { p50: round(p50, 1), p95: round(p95, 1), n: ms.length };
      rows.push(row('reports', `${name} p50`, p50, 'ms'), row('reports', `${name} p95`, p95, 'ms', atMost(targets.get(name) ?? P95_TARGET_MS)));
    }
    rows.push(row('reports', 'load average during requests', machine.mean, 'load'));
    return {
      rows,
      details: {
        dataset: { ...dataset, generationSeconds: round(dataset.generationSeconds, 1), eventsPerSecond: round(dataset.eventsPerSecond, 0) },
        window,
        accountIds,
        latency,
        loadAverage: { mean: round(machine.mean), max: round(machine.max) },
      },
    };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
