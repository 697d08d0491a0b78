// Dev script (not part of npm test or npm run bench): where the main-thread time after a burst of
// track() calls goes. For each bundle given (A/B builds, interleaved), on the peer benchmark's page:
// 1. a Chromium trace with detailed categories over `--bursts` windows (100 calls in one task, then
//    `--window` ms), self time of the trace events inside the main thread's top-level tasks, by name
//    (FunctionCall with its function and position, GC, IndexedDB, loading, mojo messages, timers…),
//    minus the same after empty bursts, per burst;
// 2. a CPU profile (CDP Profiler, 50 µs sampling) of the same kind of windows: self time by function,
//    minus a profile of as many empty bursts.
// With --light R only the benchmark's own figure (wall and CPU per call, tasks per burst), R rounds
// with the bundles interleaved: an A/B comparison of two builds on the same machine load.
//
// With --arrival R: R bursts per bundle, the time from the burst until the sink received all its events.
// With --heap: bytes the page allocates per call (sampling heap profile over `--bursts` bursts, objects
// collected by GC included), by function: what feeds the young-generation GCs after each burst.
// The bench page serves the uptake-worker.js in each bundle's folder (else sdk/dist's; UPTAKE_WORKER_FILE overrides).
//
//   node --import tsx bench/sdk/profile-burst.ts [--bundle sdk/dist/uptake.js]... [--bursts 10] [--window 1500] [--top 30] [--light R] [--arrival R] [--all: every window's tasks] [--no-profile] [--no-trace] [--heap]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../../e2e/support/chromium.js';
import { ROOT } from '../collector-process.js';
import { BENCH_SDKS } from './peer-sdks.js';
import { serve } from './peer-bench.js';
import { cpuMicros, mainThreadTasks, TRACE_CATEGORIES, type TraceEvent } from './main-thread-trace.js';

const CATEGORIES = [
  '__metadata', 'toplevel', 'blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline',
  'v8.execute', 'v8', 'IndexedDB', 'loading', 'mojom', 'blink', 'navigator.locks', 'disabled-by-default-v8.gc',
];
const LAUNCH_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

interface FullEvent extends TraceEvent {
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number }; src_file?: string; src_func?: string; [k: string]: unknown };
}

/** Runs in the page: `bursts` windows of `windowMs` after 100 calls (marks bench:b<i>/bench:e<i>) and after none (bench:z<i>/bench:y<i>). */
async function bursts({ count, windowMs, calls }: { count: number; windowMs: number; calls: number }) {
  const track = (window as unknown as { __benchTrack(n: string, p: object): void }).__benchTrack;
  const props = { source: 'toolbar', amount: 120, currency: 'EUR' };
  for (let i = 0; i < count; i++) {
    performance.mark(`bench:z${i}`);
    await new Promise((r) => setTimeout(r, windowMs));
    performance.mark(`bench:y${i}`);
    performance.mark(`bench:b${i}`);
    for (let j = 0; j < calls; j++) track('Invoice Created', props);
    await new Promise((r) => setTimeout(r, windowMs));
    performance.mark(`bench:e${i}`);
  }
}

const short = (url = '') => url.replace(/^.*\//, '') || '(no url)';

/** Label of one trace event for the attribution table. */
function label(e: FullEvent): string {
  const data = e.args?.data;
  if (e.name === 'FunctionCall' || e.name === 'v8.callFunction') {
    return data?.functionName !== undefined ? `FunctionCall ${data.functionName || '(anonymous)'} @${short(data.url)}:${data.lineNumber ?? ''}:${data.columnNumber ?? ''}` : e.name;
  }
  if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') {
    const src = (e.args?.src_func as string | undefined) ?? ((e.args?.task as { posted_from?: { function_name?: string } } | undefined)?.posted_from?.function_name);
    return `${e.name} (self) ${src ?? ''}`.trim();
  }
  return e.name;
}

/** Self time (µs) by label of the main-thread events inside [from, to], and the busy union. */
function attribute(events: FullEvent[], pid: number, tid: number, windows: [number, number][]): Map<string, number> {
  const spans = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { e: FullEvent; end: number; child: number }[] = [];
  const clip = (s: number, end: number) => windows.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(end, b) - Math.max(s, a)), 0);
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const top = stack.pop()!;
      const parent = stack[stack.length - 1];
      // Self time ≈ own duration minus children, clipped to the windows by proportion.
      const dur = top.e.dur!;
      const inWindow = clip(top.e.ts, top.end);
      if (dur > 0 && inWindow > 0) {
        const own = Math.max(0, dur - top.child) * (inWindow / dur);
        const key = label(top.e);
        self.set(key, (self.get(key) ?? 0) + own);
      }
      if (parent) parent.child += dur;
    }
  };
  for (const e of spans) {
    close(e.ts);
    stack.push({ e, end: e.ts + e.dur!, child: 0 });
  }
  close(Infinity);
  return self;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** CPU profile self time (µs) by function over the whole profile ("(idle)" left out); callers subtract a profile of empty bursts. */
function profileSelf(profile: { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }, source: string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const lines = source.split('\n');
  const self = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample stands for the time until the next one.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i])!;
    const f = node.callFrame;
    if (f.functionName === '(idle)') continue;
    let key = `${f.functionName || '(anonymous)'} ${short(f.url)}`;
    // Minified bundle: show the code at the function's position to recognise it.
    if (f.url.endsWith('/page/0') || f.url.includes('/page/')) key += `:${f.lineNumber}:${f.columnNumber} «${(lines[f.lineNumber] ?? '').slice(f.columnNumber, f.columnNumber + 50)}»`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return self;
}

const print = (title: string, map: Map<string, number>, divisor: number, top: number) => {
  const total = [...map.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${title}: ${(total / divisor / 1000).toFixed(2)} ms per burst`);
  for (const [key, value] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(value / divisor / 1000).toFixed(3).padStart(8)} ms  ${key.slice(0, 160)}`);
  }
};

async function tracePass(browser: Browser, page: Page, count: number, windowMs: number, calls: number, top: number, allWindows?: boolean) {
  await browser.startTracing(page, { categories: CATEGORIES });
  await page.evaluate(bursts, { count, windowMs, calls });
  const events = (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: FullEvent[] }).traceEvents;
  const tasks = mainThreadTasks(events, 'bench:');
  const mark = (name: string) => tasks.marks.get(name)!;
  const pidOf = events.find((e) => e.name === `bench:b0`)!.pid;
  const tid = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pidOf && e.args?.name === 'CrRendererMain')!.tid;
  const after: [number, number][] = [];
  const empty: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    after.push([mark(`bench:b${i}`), mark(`bench:e${i}`)]);
    empty.push([mark(`bench:z${i}`), mark(`bench:y${i}`)]);
  }
  const busy = (ws: [number, number][]) => ws.reduce((sum, [a, b]) => sum + tasks.busy.reduce((s, [x, y]) => s + Math.max(0, Math.min(y, b) - Math.max(x, a)), 0), 0);
  console.log(`\nbusy (union of top-level tasks): ${(busy(after) / count / 1000).toFixed(2)} ms per burst window, ${(busy(empty) / count / 1000).toFixed(2)} ms per empty window → ${((busy(after) - busy(empty)) / count / calls).toFixed(1)} µs per call`);
  const a = attribute(events, pidOf, tid, after);
  const z = attribute(events, pidOf, tid, empty);
  const diff = new Map([...a].map(([k, v]) => [k, v - (z.get(k) ?? 0)]));
  print('trace self time by event, burst window minus empty window', diff, count, top);
  // Each top-level task after the bursts, by what it ran first (its first child's label).
  const tasksByKind = new Map<string, number>();
  const mainEvents = events.filter((e) => e.pid === pidOf && e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((x, y) => x.ts - y.ts || y.dur! - x.dur!);
  for (let i = 0; i < mainEvents.length; i++) {
    const e = mainEvents[i];
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') continue;
    const inWindow = after.some(([x, y]) => e.ts >= x && e.ts < y);
    if (!inWindow) continue;
    const child = mainEvents.slice(i + 1, i + 8).find((c) => c.ts < e.ts + e.dur! && c.name !== 'RunTask' && c.name !== 'ThreadControllerImpl::RunTask');
    const key = `${child ? label(child) : '(nothing traced)'}`;
    tasksByKind.set(key, (tasksByKind.get(key) ?? 0) + e.dur!);
  }
  print('top-level tasks in the burst windows, by their first traced child (the burst task itself included)', tasksByKind, count, top);
  // The tasks of the last burst window (every window with --all) in order, with what ran inside them.
  for (const [x, y] of allWindows ? after : after.slice(-1)) {
    console.log('\ntasks of a burst window (start ms after the burst mark, wall µs, CPU µs, what ran inside):');
    for (const e of mainEvents) {
      if ((e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') || e.ts + e.dur! < x || e.ts >= y) continue;
      const inside = mainEvents.filter((c) => c !== e && c.ts >= e.ts && c.ts < e.ts + e.dur! && c.name !== 'RunTask' && c.name !== 'ThreadControllerImpl::RunTask' && c.dur! >= 5);
      const names = [...new Set(inside.map(label))].slice(0, 6).join(' | ');
      if (e.name === 'RunTask') continue;
      console.log(`${((e.ts - x) / 1000).toFixed(2).padStart(8)} ${String(e.dur).padStart(6)} ${String(e.tdur).padStart(6)}  ${names}`);
    }
  }
}

/** The benchmark's own measure (light trace), A/B interleaved: busy µs per call and top-level tasks per burst. */
async function lightPass(browser: Browser, page: Page, count: number, windowMs: number, calls: number): Promise<[number, number, number]> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.evaluate(bursts, { count, windowMs, calls });
  const events = (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: FullEvent[] }).traceEvents;
  const tasks = mainThreadTasks(events, 'bench:');
  const mark = (name: string) => tasks.marks.get(name)!;
  let busy = 0;
  let n = 0;
  for (let i = 0; i < count; i++) {
    for (const [sign, a, b] of [[1, mark(`bench:b${i}`), mark(`bench:e${i}`)], [-1, mark(`bench:z${i}`), mark(`bench:y${i}`)]]) {
      for (const [x, y] of tasks.busy) {
        const overlap = Math.max(0, Math.min(y, b) - Math.max(x, a));
        busy += sign * overlap;
        if (overlap > 0) n += sign;
      }
    }
  }
  let cpu = 0;
  for (let i = 0; i < count; i++) cpu += cpuMicros(tasks, `bench:b${i}`, `bench:e${i}`) - cpuMicros(tasks, `bench:z${i}`, `bench:y${i}`);
  return [busy / count / calls, n / count, cpu / count / calls];
}

async function profilePass(page: Page, count: number, windowMs: number, calls: number, top: number, source: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await page.evaluate(bursts, { count, windowMs, calls: 0 });
  const { profile: emptyProfile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Parameters<typeof profileSelf>[0] };
  await cdp.send('Profiler.start');
  await page.evaluate(bursts, { count, windowMs, calls });
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Parameters<typeof profileSelf>[0] };
  const a = profileSelf(profile, source);
  const z = profileSelf(emptyProfile, source);
  const diff = new Map([...a].map(([k, v]) => [k, v - (z.get(k) ?? 0)]));
  print('CPU profile self time by function (bursts minus empty windows; "(program)" is the browser outside JavaScript)', diff, count, top);
  await cdp.detach();
}

interface HeapNode {
  callFrame: { functionName: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** Sampling heap profile of `count` bursts (every 32 B on average, garbage included): bytes per call by function. */
async function heapPass(page: Page, count: number, calls: number, top: number, source: string, bundle: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  // The two include… flags are newer than Playwright's protocol types.
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 32, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as { samplingInterval: number });
  await page.evaluate(bursts, { count, windowMs: 100, calls });
  const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as { profile: { head: HeapNode } };
  const lines = source.split('\n');
  const bytes = new Map<string, number>();
  const walk = (node: HeapNode) => {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.lineNumber}:${f.columnNumber} «${(lines[f.lineNumber] ?? '').slice(f.columnNumber, f.columnNumber + 50)}»`;
    bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
    node.children.forEach(walk);
  };
  walk(profile.head);
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  console.log(`\n===== ${bundle}: ${(total / count / calls).toFixed(0)} B allocated per call (${count} bursts of ${calls}) =====`);
  for (const [key, value] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(value / count / calls).toFixed(0).padStart(6)} B  ${key.slice(0, 140)}`);
  await cdp.detach();
}

async function main() {
  const { values } = parseArgs({
    options: { bundle: { type: 'string', multiple: true }, bursts: { type: 'string', default: '10' }, window: { type: 'string', default: '1500' }, top: { type: 'string', default: '30' }, light: { type: 'string' }, arrival: { type: 'string' }, all: { type: 'boolean' }, 'no-profile': { type: 'boolean' }, 'no-trace': { type: 'boolean' }, heap: { type: 'boolean' }, calls: { type: 'string', default: '100' } },
  });
  const bundles = (values.bundle ?? [resolve(ROOT, 'sdk/dist/uptake.js')]).map((b) => resolve(b));
  const [count, windowMs, top, calls] = [values.bursts, values.window, values.top, values.calls].map(Number);
  const sdks = bundles.map((file) => ({ ...BENCH_SDKS[0], file }));
  const server = await serve(sdks);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: LAUNCH_ARGS });
  try {
    const pages: Page[] = [];
    for (const [index] of sdks.entries()) {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${server.origin}/page/${index}`);
      await page.waitForFunction(() => typeof (window as unknown as { __benchTrack?: unknown }).__benchTrack === 'function');
      await page.evaluate(bursts, { count: 2, windowMs: 300, calls });
      pages.push(page);
    }
    if (values.arrival) {
      // --arrival R: R bursts per page, bundles interleaved: ms from the burst until the sink has all of
      // its events (stored in IndexedDB first, then sent: the end-to-end time the worker adds to).
      const times = bundles.map(() => [] as number[]);
      for (let round = 0; round < Number(values.arrival); round++) {
        for (const [index, page] of pages.entries()) {
          const target = server.uptakeEvents() + calls;
          const t0 = Date.now();
          await page.evaluate((n) => {
            const track = (window as unknown as { __benchTrack(e: string, p: object): void }).__benchTrack;
            for (let j = 0; j < n; j++) track('Invoice Created', { source: 'toolbar', amount: 120, currency: 'EUR' });
          }, calls);
          while (server.uptakeEvents() < target) await new Promise((r) => setTimeout(r, 1));
          times[index].push(Date.now() - t0);
          await new Promise((r) => setTimeout(r, 300));
        }
      }
      const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
      for (const [index, t] of times.entries()) console.log(`${bundles[index]}: burst of ${calls} to all received by the sink ${t.join(' / ')} ms (median ${med(t)})`);
      return;
    }
    if (values.heap) {
      for (const [index, page] of pages.entries()) await heapPass(page, count, calls, top, await (await fetch(`${server.origin}/page/${index}`)).text(), bundles[index]);
      return;
    }
    if (values.light) {
      // --light R: R interleaved rounds of the benchmark's own measure only.
      const results = bundles.map(() => [] as [number, number, number][]);
      for (let round = 0; round < Number(values.light); round++) {
        for (let k = 0; k < pages.length; k++) {
          const index = (round + k) % pages.length;
          results[index].push(await lightPass(browser, pages[index], count, windowMs, calls));
        }
      }
      const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
      for (const [index, r] of results.entries()) {
        console.log(`${bundles[index]}: per call incl. deferred work ${r.map(([us]) => us.toFixed(1)).join(' / ')} µs (median ${med(r.map(([us]) => us)).toFixed(1)}); CPU ${r.map(([, , us]) => us.toFixed(1)).join(' / ')} µs (median ${med(r.map(([, , us]) => us)).toFixed(1)}); tasks per burst ${r.map(([, n]) => n.toFixed(1)).join(' / ')}`);
      }
      return;
    }
    for (const [index, page] of values['no-trace'] ? [] : pages.entries()) {
      console.log(`\n===== ${bundles[index]}: trace of ${count} bursts of ${calls} calls, ${windowMs} ms windows =====`);
      await tracePass(browser, page, count, windowMs, calls, top, values.all);
    }
    for (const [index, page] of values['no-profile'] ? [] : pages.entries()) {
      console.log(`\n===== ${bundles[index]}: CPU profile of ${count} bursts of ${calls} calls =====`);
      const source = await (await fetch(`${server.origin}/page/${index}`)).text();
      await profilePass(page, count, windowMs, calls, top, source);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`\nload average at end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
