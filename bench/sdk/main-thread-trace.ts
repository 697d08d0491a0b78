// Reads a Chromium trace (Playwright's browser.startTracing) for the work a page's main thread did:
// the union of its top-level tasks between two performance.mark()s. This is how the SDK benchmark
// counts deferred work (IndexedDB callbacks, fetches, timers, microtasks, GC) that no in-page timer sees.

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs: what the thread ran, without the time it waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Trace categories that record top-level tasks and user-timing marks. */
export const TRACE_CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline', 'blink.user_timing', '__metadata'];

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

export interface MainThreadTasks {
  /** Time (µs, trace clock) of each performance.mark by name (the last one of that name). */
  marks: Map<string, number>;
  /** Disjoint busy intervals [start, end] in µs, sorted. */
  busy: [number, number][];
  /** The outermost tasks as [start, end, CPU µs] (CPU from the trace's thread clock; wall time when absent). */
  cpu: [number, number, number][];
}

/**
 * The main thread's busy intervals in the renderer that made the marks named `markPrefix…`.
 * @example const tasks = mainThreadTasks(JSON.parse(trace).traceEvents, 'bench:'); busyMicros(tasks, 'bench:a', 'bench:b')
 */
export function mainThreadTasks(events: TraceEvent[], markPrefix: string): MainThreadTasks {
  const marks = new Map<string, number>();
  let pid: number | undefined;
  for (const e of events) {
    if (e.cat?.includes('blink.user_timing') && e.name.startsWith(markPrefix)) {
      marks.set(e.name, e.ts);
      pid = e.pid;
    }
  }
  if (pid === undefined) throw new Error(`trace: no performance.mark named ${markPrefix}…`);
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('trace: no renderer main thread');
  const spans = events
    .filter((e) => e.ph === 'X' && e.pid === pid && e.tid === main.tid && TASK_NAMES.has(e.name) && e.dur !== undefined)
    .map((e): [number, number, number] => [e.ts, e.ts + e.dur!, e.tdur ?? e.dur!])
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // Both task names can describe the same task (nested): keep the union, and the outermost task's CPU time.
  const busy: [number, number][] = [];
  const cpu: [number, number, number][] = [];
  for (const [start, end, thread] of spans) {
    const last = busy[busy.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else busy.push([start, end]);
    const outer = cpu[cpu.length - 1];
    if (!outer || start >= outer[1]) cpu.push([start, end, thread]);
  }
  return { marks, busy, cpu };
}

const window = (tasks: MainThreadTasks, from: string, to: string): [number, number] => {
  const a = tasks.marks.get(from);
  const b = tasks.marks.get(to);
  if (a === undefined || b === undefined) throw new Error(`trace: mark ${a === undefined ? from : to} is missing`);
  return [a, b];
};

/**
 * Microseconds the main thread was busy between two marks.
 * @example busyMicros(tasks, 'bench:empty', 'bench:burst')
 */
export function busyMicros(tasks: MainThreadTasks, from: string, to: string): number {
  const [a, b] = window(tasks, from, to);
  return tasks.busy.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(end, b) - Math.max(start, a)), 0);
}

/**
 * The longest main-thread task (µs) overlapping the window between two marks.
 * @example longestTaskMicros(tasks, 'bench:burst', 'bench:end')
 */
export function longestTaskMicros(tasks: MainThreadTasks, from: string, to: string): number {
  const [a, b] = window(tasks, from, to);
  return tasks.busy.reduce((max, [start, end]) => (end > a && start < b ? Math.max(max, end - start) : max), 0);
}

/**
 * Main-thread CPU microseconds between two marks: each task's thread time, the part of a task
 * crossing an edge counted in proportion. Unlike busyMicros, time the thread waited for a core on a
 * loaded machine is not counted, so the figure moves less with the machine's load.
 * @example cpuMicros(tasks, 'bench:1', 'bench:2') - cpuMicros(tasks, 'bench:0', 'bench:1')
 */
export function cpuMicros(tasks: MainThreadTasks, from: string, to: string): number {
  const [a, b] = window(tasks, from, to);
  return tasks.cpu.reduce((sum, [start, end, thread]) => sum + (end > start ? (thread * Math.max(0, Math.min(end, b) - Math.max(start, a))) / (end - start) : 0), 0);
}

/**
 * CPU microseconds (the thread clock; wall time when absent) of every traced thread's outermost tasks
 * between two marks, by where they ran: the marking page's main thread, that renderer's other threads
 * (its workers among them), other renderers (other pages), and the browser's other processes by name.
 * This is how the benchmark shows what else used the machine's cores while one SDK was measured.
 * @example cpuByProcess(events, 'bench:', 'bench:1', 'bench:2').get('other renderers')
 */
export function cpuByProcess(events: TraceEvent[], markPrefix: string, from: string, to: string): Map<string, number> {
  const tasks = mainThreadTasks(events, markPrefix);
  const [a, b] = window(tasks, from, to);
  const page = events.find((e) => e.cat?.includes('blink.user_timing') && e.name === from)!.pid;
  const processName = new Map(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args?.name ?? '?']));
  const mainTid = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === page && e.args?.name === 'CrRendererMain')!.tid;
  const spans = events
    .filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name) && e.dur !== undefined && e.ts + e.dur > a && e.ts < b)
    .sort((x, y) => x.pid - y.pid || x.tid - y.tid || x.ts - y.ts || y.dur! - x.dur!);
  const sums = new Map<string, number>();
  let outer: TraceEvent | undefined;
  for (const e of spans) {
    // Nested tasks of the same thread are counted in their outermost task.
    if (outer && outer.pid === e.pid && outer.tid === e.tid && e.ts < outer.ts + outer.dur!) continue;
    outer = e;
    const name = processName.get(e.pid) ?? '?';
    const key = e.pid === page ? (e.tid === mainTid ? 'this page: main thread' : 'this page: other threads') : name === 'Renderer' ? 'other renderers' : name;
    const share = e.dur! > 0 ? (Math.max(0, Math.min(e.ts + e.dur!, b) - Math.max(e.ts, a)) / e.dur!) : 0;
    sums.set(key, (sums.get(key) ?? 0) + (e.tdur ?? e.dur!) * share);
  }
  return sums;
}
