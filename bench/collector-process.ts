// Runs `uptake-collector serve` in its own process (never in the benchmark's event loop) on a free
// loopback port, and reads the CPU time it used from /proc for per-event cost figures (and per
// thread, which one is the bottleneck).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'collector', 'bin', 'uptake-collector.mjs');

export interface CollectorProcess {
  url: string;
  pid: number;
  /** User + system CPU seconds the collector process has used so far (null off Linux). */
  cpuSeconds(): number | null;
  /** Scheduler counters of each of its threads so far (null off Linux). */
  threads(): ThreadTimes[] | null;
  /** SIGTERM, then waits for a clean exit (in-flight batches committed, store closed). */
  stop(): Promise<void>;
}

/**
 * Writes `config` to a temp file and starts a collector on `dbPath`.
 * @example const c = await startCollector(config, '/tmp/x/uptake.db'); await fetch(`${c.url}/healthz`); await c.stop();
 */
export function startCollector(config: unknown, dbPath: string): Promise<CollectorProcess> {
  const configDir = mkdtempSync(join(tmpdir(), 'uptake-bench-config-'));
  const configPath = join(configDir, 'uptake.config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--config', configPath, '--db', dbPath, '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`collector exited with ${code} before listening:\n${out}`));
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /uptake-collector listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      // Keep draining the pipes so a chatty collector never blocks on a full pipe.
      child.stdout!.resume();
      resolve({
        url: match[1],
        pid: child.pid!,
        cpuSeconds: () => processCpuSeconds(child.pid!),
        threads: () => threadTimes(child.pid!),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', onExit);
    child.once('exit', () => rmSync(configDir, { recursive: true, force: true }));
  });
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds (clock ticks are 100 Hz on Linux). */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** One thread's time on a CPU and waiting for one (runnable, not running), in ns since it started. */
export interface ThreadTimes {
  tid: number;
  runNs: number;
  waitNs: number;
}

/** /proc/<pid>/task/<tid>/schedstat of every thread of a process (null off Linux or without schedstats). */
export function threadTimes(pid: number): ThreadTimes[] | null {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      return { tid: Number(tid), runNs: run, waitNs: wait };
    });
  } catch {
    return null;
  }
}

/** Share of `seconds` of wall time each thread ran and waited for a core, between two samples. */
export interface ThreadShare {
  tid: number;
  running: number;
  waiting: number;
}

/**
 * The main thread (tid = pid) and the thread that ran most besides it, between two `threadTimes` samples.
 * @example busiestThreads(pid, before, after, 10) // { main: { running: 0.41, … }, busiest: { running: 0.81, waiting: 0.13, … } }
 */
export function busiestThreads(pid: number, before: ThreadTimes[], after: ThreadTimes[], seconds: number): { main: ThreadShare; busiest: ThreadShare } | null {
  const start = new Map(before.map((t) => [t.tid, t]));
  const shares = after.flatMap((t) => {
    const b = start.get(t.tid);
    return b ? [{ tid: t.tid, running: (t.runNs - b.runNs) / 1e9 / seconds, waiting: (t.waitNs - b.waitNs) / 1e9 / seconds }] : [];
  });
  const main = shares.find((t) => t.tid === pid);
  const others = shares.filter((t) => t.tid !== pid).sort((a, b) => b.running - a.running);
  return main && others.length > 0 ? { main, busiest: others[0] } : null;
}
