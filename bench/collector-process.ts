// Runs `uptake-collector serve` in its own process (never in the benchmark's event loop) on a free
// loopback port, and reads the CPU time it used from /proc for per-event cost figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
