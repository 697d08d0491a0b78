// SDK cost on the host page, Uptake beside peer SDKs in one run and one harness (SPEC §8): evaluation
// with init, main-thread time per track() including deferred work, the longest task during a burst of
// 1 000 calls, and transfer sizes. Rounds are interleaved (each SDK once per round, in rotating order)
// so a busy moment of the shared machine falls on every SDK alike.
//
// Per-call cost: a Chromium trace of the page's main thread (every top-level task: the calls, their
// microtasks, IndexedDB and fetch callbacks, timers, GC) over a 1.5 s window after a burst of 100
// track() calls, minus the 1.5 s window with no calls before it, ÷ 100, three such bursts per round.
// 1.5 s covers every SDK's send (Uptake sends at 20 events; the peers are set to flush within 1 s), so
// sending is counted too. Each round opens the measured SDK's page alone and closes it after: another
// SDK's page (its timers, its worker, the tail of its 1 000-call burst's sends) never runs in the windows.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../collector-process.js';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { percentile } from '../stats.js';
import { atMost, row, type BenchRow } from '../bench-row.js';
import { bundleSize, type BundleSize } from './bundle-sizes.js';
import { BENCH_SDKS, PRELUDE, type BenchSdk } from './peer-sdks.js';
import { busyMicros, cpuByProcess, cpuMicros, longestTaskMicros, mainThreadTasks, TRACE_CATEGORIES, type TraceEvent } from './main-thread-trace.js';

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
const WINDOW_MS = 1500;
const SINK_PATHS: [string, string][] = [['/v1/batch', 'uptake'], ['/2/httpapi', '@amplitude/analytics-browser'], ['/track', '@openpanel/web']];
const BURST = 100;
const BIG_BURST = 1000;
/** Bursts of BURST calls per round, each after an empty window: their sum, so a GC every few bursts is counted in proportion. */
const PAIRS = 3;
/** Bursts of BURST calls that warm up each round's new page (with two, Uptake's CPU per call was ~25 % higher than on a page kept open). */
const WARM_UP_BURSTS = 10;

export interface PeerResult {
  name: string;
  size: BundleSize;
  /** Synchronous evaluation of bundle + init (ms), one per fresh page. */
  evalMs: number[];
  /** The same until the next task has run (what the SDK deferred with setTimeout(0) counted). */
  evalNextTaskMs: number[];
  /** Main-thread µs per call including deferred work, one per round. */
  perCallMicros: number[];
  /** The same in main-thread CPU time (the trace's thread clock: time spent waiting for a core left out), one per round. */
  cpuMicros: number[];
  /** µs per call from the first call to a MessageChannel message after the last, minus an empty burst, one per round. */
  wallMicros: number[];
  /** Synchronous µs of each call of the 100-call bursts. */
  callMicros: number[];
  /** Longest main-thread task (ms) in the window of each 1 000-call burst. */
  longestTaskMs: number[];
  /** Tasks over 50 ms seen by a PerformanceObserver('longtask') during those windows. */
  longTasks: number;
  /** Requests the sink received from this SDK's pages (proof that it was really sending). */
  requests: number;
  /**
   * CPU ms of the machine's other traced threads in each round's burst window (1.5 s after the 100 calls), by
   * where they ran (cpuByProcess): what competed for the cores while this SDK was measured.
   */
  cpuElsewhereMs: Record<string, number>[];
}

export interface Served {
  origin: string;
  requests: Map<string, number>;
  /** Events received at /v1/batch (Uptake's sends), for the time until a burst has arrived. */
  uptakeEvents(): number;
  close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.setEncoding('latin1');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
  });

/** The script text of one SDK's tag: OpenPanel's queue prelude, the bundle, the init code. */
export const scriptText = (sdk: BenchSdk, origin: string) => {
  const code = (text: string) => text.replaceAll('ORIGIN', JSON.stringify(origin));
  return [code(PRELUDE[sdk.name] ?? ''), readFileSync(sdk.file, 'utf8'), code(sdk.init)].join(';\n');
};

/** One loopback origin for pages, bundles and a sink that answers every SDK's send with success (also used by profile-burst.ts). */
export function serve(sdks: BenchSdk[]): Promise<Served> {
  const requests = new Map<string, number>();
  let uptakeEvents = 0;
  let origin = '';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const sdk = sdks[Number(url.pathname.split('/')[2])];
    if (req.method === 'POST' || req.method === 'PUT') {
      const text = await body(req);
      // Each SDK has its own path: /v1/batch (Uptake), /2/httpapi (Amplitude), /track (OpenPanel), /e/, /i/v0/e/, /batch/ (PostHog).
      const from = SINK_PATHS.find(([prefix]) => url.pathname.startsWith(prefix))?.[1] ?? 'posthog-js';
      requests.set(from, (requests.get(from) ?? 0) + 1);
      res.writeHead(200, { ...ISOLATION, 'Content-Type': 'application/json' });
      if (url.pathname === '/v1/batch') {
        const n = (JSON.parse(text) as { batch: unknown[] }).batch.length;
        uptakeEvents += n;
        return res.end(JSON.stringify({ accepted: n, duplicates: 0, rejected: [] }));
      }
      return res.end(url.pathname === '/2/httpapi' ? '{"code":200}' : '{}');
    }
    if (url.pathname === '/v1/surveys') {
      res.writeHead(200, { ...ISOLATION, 'Content-Type': 'application/json' });
      return res.end('{"surveys":[]}');
    }
    // The SDK's worker file, beside the bundle (served by the collector at /sdk/uptake-worker.js):
    // the one in the requesting page's bundle's folder when there is one (an earlier build keeps its own worker).
    if (url.pathname === '/sdk/uptake-worker.js') {
      const from = sdks[Number(new URL(req.headers.referer ?? '/', 'http://x').pathname.split('/')[2])];
      const beside = from && join(dirname(from.file), 'uptake-worker.js');
      res.writeHead(200, { ...ISOLATION, 'Content-Type': 'text/javascript' });
      return res.end(readFileSync(process.env.UPTAKE_WORKER_FILE ?? (beside && existsSync(beside) ? beside : join(ROOT, 'sdk', 'dist', 'uptake-worker.js'))));
    }
    if (url.pathname.startsWith('/page/') && sdk) {
      const attrs = Object.entries(sdk.dataset ?? {})
        .map(([k, v]) => ` data-${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}="${v === 'ORIGIN' ? origin : v}"`)
        .join('');
      res.writeHead(200, { ...ISOLATION, 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoices · Ledgerly</title><script${attrs}>${scriptText(sdk, origin).replaceAll('</script', '<\\/script')}</script></head><body><main><h1>Invoices</h1></main></body></html>`);
    }
    if (url.pathname === '/') {
      res.writeHead(200, { ...ISOLATION, 'Content-Type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoices · Ledgerly</title></head><body><main><h1>Invoices</h1></main></body></html>');
    }
    res.writeHead(404, ISOLATION);
    res.end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ origin, requests, uptakeEvents: () => uptakeEvents, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

/** Runs in a blank page: appends the SDK's script (bundle + init) and times it, then until the next task. */
async function evaluate({ text, dataset }: { text: string; dataset: Record<string, string> }): Promise<[number, number]> {
  const script = document.createElement('script');
  Object.assign(script.dataset, dataset);
  script.textContent = text;
  const t0 = performance.now();
  document.head.appendChild(script);
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, 0));
  return [t1 - t0, performance.now() - t0];
}

/**
 * Runs in the SDK's page: `pairs` times an empty window (marks bench:e<i>…bench:b<i>) then a window
 * after a burst of `burst` calls, each timed (bench:b<i>…bench:e<i+1>), then one after `bigBurst`
 * calls (bench:e<pairs>…bench:end); each window `windowMs` long. No named inner functions (tsx).
 */
export async function windows({ burst, bigBurst, windowMs, pairs = 1 }: { burst: number; bigBurst: number; windowMs: number; pairs?: number }): Promise<{ calls: number[]; longTasks: number; wallMicros: number }> {
  const track = (window as unknown as { __benchTrack(n: string, p: object): void }).__benchTrack;
  const props = { source: 'toolbar', amount: 120, currency: 'EUR' };
  let longTasks = 0;
  let wall = 0;
  const observer = new PerformanceObserver((list) => void (longTasks += list.getEntries().length));
  const channel = new MessageChannel();
  const calls: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    performance.mark(`bench:e${pair}`);
    await new Promise((r) => setTimeout(r, windowMs));
    // The first method, for comparison: wall time from the first call to a MessageChannel
    // message posted after the last (so the burst's microtasks are included), minus an empty burst.
    let t = performance.now();
    await new Promise((r) => ((channel.port1.onmessage = r), channel.port2.postMessage(0)));
    const emptyWall = performance.now() - t;
    performance.mark(`bench:b${pair}`);
    t = performance.now();
    for (let i = 0; i < burst; i++) {
      const t0 = performance.now();
      track('Invoice Created', props);
      calls.push(performance.now() - t0);
    }
    await new Promise((r) => ((channel.port1.onmessage = r), channel.port2.postMessage(0)));
    wall += performance.now() - t - emptyWall;
    await new Promise((r) => setTimeout(r, windowMs));
  }
  observer.observe({ type: 'longtask' });
  performance.mark(`bench:e${pairs}`);
  for (let i = 0; i < bigBurst; i++) track('Invoice Created', props);
  await new Promise((r) => setTimeout(r, windowMs));
  performance.mark('bench:end');
  observer.disconnect();
  return { calls, longTasks, wallMicros: (wall * 1000) / burst / pairs };
}

async function traced(browser: Browser, page: Page, fn: () => Promise<{ calls: number[]; longTasks: number; wallMicros: number }>) {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const result = await fn();
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  return { ...result, tasks: mainThreadTasks(trace.traceEvents, 'bench:'), events: trace.traceEvents };
}

/**
 * Measures every SDK of BENCH_SDKS in interleaved rounds.
 * @example const results = await benchPeers(browser, { rounds: 5, evaluations: 20 })
 */
export async function benchPeers(browser: Browser, options: { rounds: number; evaluations: number; windowMs?: number; shared?: boolean; pairs?: number; warmUp?: number }): Promise<PeerResult[]> {
  const server = await serve(BENCH_SDKS);
  const results: PeerResult[] = BENCH_SDKS.map((sdk) => ({
    name: sdk.name, size: bundleSize(sdk.file), evalMs: [], evalNextTaskMs: [], perCallMicros: [], cpuMicros: [], wallMicros: [], callMicros: [], longestTaskMs: [], longTasks: 0, requests: 0, cpuElsewhereMs: [],
  }));
  const contexts: BrowserContext[] = [];
  const pairs = options.pairs ?? PAIRS;
  try {
    // Evaluation: a fresh context (no compiled code, no stored state) per sample, SDKs interleaved.
    for (let i = 0; i < options.evaluations; i++) {
      for (const [index, sdk] of BENCH_SDKS.entries()) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${server.origin}/`);
        const dataset = Object.fromEntries(Object.entries(sdk.dataset ?? {}).map(([k, v]) => [k, v === 'ORIGIN' ? server.origin : v]));
        const [sync, nextTask] = await page.evaluate(evaluate, { text: scriptText(sdk, server.origin), dataset });
        results[index].evalMs.push(sync);
        results[index].evalNextTaskMs.push(nextTask);
        await context.close();
      }
    }
    // Per-call cost and long tasks, in rotating order. `shared`: one page per SDK for the whole run, all
    // open at once (the other SDKs' pages, their timers, workers and unfinished sends then run during
    // each window). Default: each round opens the measured SDK's page alone (a new context), warms it
    // up with WARM_UP_BURSTS bursts of 100 calls, measures it and closes it, so no other SDK's page is alive in its windows.
    const open = async (index: number) => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${server.origin}/page/${index}`);
      await page.waitForFunction(() => typeof (window as unknown as { __benchTrack?: unknown }).__benchTrack === 'function');
      if (options.shared) await page.evaluate(windows, { burst: BURST, bigBurst: 0, windowMs: 500 });
      else {
        // A new page is cold (its code not yet optimised, its storage new): warm it up as a page that has
        // been tracking a while, then let the last burst's sends finish before the measured windows.
        for (let i = 0; i < (options.warmUp ?? WARM_UP_BURSTS); i++) await page.evaluate(windows, { burst: BURST, bigBurst: 0, windowMs: 150 });
        await page.waitForTimeout(options.windowMs ?? WINDOW_MS);
      }
      return page;
    };
    const pages: Page[] = [];
    if (options.shared) for (const [index] of BENCH_SDKS.entries()) pages.push(await open(index));
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < BENCH_SDKS.length; k++) {
        const index = (round + k) % BENCH_SDKS.length;
        const page = options.shared ? pages[index] : await open(index);
        const r = await traced(browser, page, () => page.evaluate(windows, { burst: BURST, bigBurst: BIG_BURST, windowMs: options.windowMs ?? WINDOW_MS, pairs }));
        if (!options.shared) await contexts.pop()!.close();
        // Each pair: the burst's window minus the empty window before it.
        const sum = (measure: (from: string, to: string) => number) =>
          Array.from({ length: pairs }, (_, i) => measure(`bench:b${i}`, `bench:e${i + 1}`) - measure(`bench:e${i}`, `bench:b${i}`)).reduce((x, y) => x + y, 0) / pairs / BURST;
        results[index].perCallMicros.push(sum((from, to) => busyMicros(r.tasks, from, to)));
        results[index].cpuMicros.push(sum((from, to) => cpuMicros(r.tasks, from, to)));
        results[index].callMicros.push(...r.calls.map((ms) => ms * 1000));
        results[index].wallMicros.push(r.wallMicros);
        results[index].longestTaskMs.push(longestTaskMicros(r.tasks, `bench:e${pairs}`, 'bench:end') / 1000);
        results[index].longTasks += r.longTasks;
        const elsewhere = new Map<string, number>();
        for (let i = 0; i < pairs; i++) for (const [key, us] of cpuByProcess(r.events, 'bench:', `bench:b${i}`, `bench:e${i + 1}`)) elsewhere.set(key, (elsewhere.get(key) ?? 0) + us / pairs);
        results[index].cpuElsewhereMs.push(Object.fromEntries([...elsewhere].map(([key, us]) => [key, Math.round(us) / 1000])));
      }
    }
  } finally {
    for (const context of contexts) await context.close();
    await server.close();
  }
  for (const result of results) result.requests = server.requests.get(result.name) ?? 0;
  return results;
}

/** p50 of the per-round figures, the summary the table prints. */
export const median = (values: number[]): number => percentile(values, 50);

/** Short names for the table. */
const LABEL: Record<string, string> = { uptake: 'uptake', 'posthog-js': 'posthog-js', '@amplitude/analytics-browser': 'amplitude', '@openpanel/web': 'openpanel' };

/**
 * The side-by-side rows: each SDK's figures (targets on Uptake's), then Uptake's ratio to each peer
 * (below 1: Uptake costs less).
 * @example peerRows(await benchPeers(browser, { rounds: 5, evaluations: 15 }))
 */
export function peerRows(results: PeerResult[]): BenchRow[] {
  const rows: BenchRow[] = [];
  const summary = (r: PeerResult) => ({
    evalMs: median(r.evalMs),
    nextTaskMs: median(r.evalNextTaskMs),
    perCall: median(r.perCallMicros),
    p95: percentile(r.callMicros, 95),
    longest: Math.max(...r.longestTaskMs),
  });
  const uptake = results.find((r) => r.name === 'uptake');
  for (const r of results) {
    const s = summary(r);
    const ours = r === uptake;
    const name = LABEL[r.name] ?? r.name;
    rows.push(
      row('sdk', `${name}: evaluation with init, p50`, s.evalMs, 'ms', ours ? atMost(5) : null, ours
        ? `side by side in one harness: each SDK's script-tag bundle and its init (local sink endpoint, bot filters and automatic captures off) in one inline <script> on a fresh page (new browser context per sample), SDKs interleaved; "until the next task" adds what the SDK deferred to its first task`
        : undefined),
      row('sdk', `${name}: evaluation with init until the next task, p50`, s.nextTaskMs, 'ms'),
      row('sdk', `${name}: per track() incl. deferred work`, s.perCall, 'µs', ours ? atMost(25) : null, ours
        ? `Chromium trace of the page's main thread: every task in the 1.5 s after 100 track() calls in one task (IndexedDB and fetch callbacks, timers, microtasks, GC; sends included), minus the 1.5 s window with no calls just before it, ÷ 100; the mean of ${PAIRS} such bursts per round (a GC every few bursts counted in proportion), p50 of ${r.perCallMicros.length} interleaved rounds; each round opens the measured SDK's page alone (new context, ${WARM_UP_BURSTS} warm-up bursts of 100 calls) and closes it after, so no other SDK's page, timers or unfinished sends run in its windows`
        : undefined),
      row('sdk', `${name}: per track() incl. deferred work, main-thread CPU`, median(r.cpuMicros), 'µs', null, ours
        ? 'the same windows in CPU time of the main thread (the trace\'s thread clock), so time a task waited for a core on the loaded machine is left out; p50 of the rounds'
        : undefined),
      row('sdk', `${name}: per track() to a MessageChannel message`, median(r.wallMicros), 'µs', null, ours
        ? 'the method of the first measurement: wall time of 100 calls until a MessageChannel message posted after them (their microtasks, so the IndexedDB put, included; later callbacks and sends not), minus an empty batch'
        : undefined),
      row('sdk', `${name}: track() p95, 100-call bursts`, s.p95, 'µs', ours ? atMost(50) : null),
      row('sdk', `${name}: longest task, 1 000-call burst`, s.longest, 'ms', ours ? atMost(50) : null, ours
        ? `longest main-thread task (the burst's own task included) within 1.5 s of 1 000 track() calls in one task, worst of the rounds; PerformanceObserver('longtask') saw ${r.longTasks} task(s) over 50 ms`
        : undefined),
      row('sdk', `${name}: gzip`, r.size.gzip, 'B'),
      row('sdk', `${name}: brotli`, r.size.brotli, 'B'),
      row('sdk', `${name}: requests received by the sink`, r.requests, 'requests'),
    );
  }
  if (uptake) {
    const u = summary(uptake);
    for (const r of results.filter((x) => x !== uptake)) {
      const s = summary(r);
      const name = LABEL[r.name] ?? r.name;
      rows.push(
        row('sdk', `uptake ÷ ${name}: evaluation with init`, u.evalMs / s.evalMs, '×'),
        row('sdk', `uptake ÷ ${name}: per track() incl. deferred work`, u.perCall / s.perCall, '×'),
        row('sdk', `uptake ÷ ${name}: longest task, 1 000-call burst`, u.longest / s.longest, '×'),
        row('sdk', `uptake ÷ ${name}: gzip`, uptake.size.gzip / r.size.gzip, '×'),
      );
    }
  }
  return rows;
}
