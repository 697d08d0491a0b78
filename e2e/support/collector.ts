// Starts a real collector (the `uptake-collector serve` CLI) as a child process on a free loopback
// port, with a temp SQLite file and a given config. Used by every e2e journey.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const CLI = join(ROOT, 'collector', 'bin', 'uptake-collector.mjs');

export interface RunningCollector {
  url: string;
  port: number;
  dir: string;
  dbPath: string;
  configPath: string;
  process: ChildProcess;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops and removes the temp dir. */
  dispose(): Promise<void>;
  /** Starts again on the same database and port. */
  restart(): Promise<void>;
}

export async function startCollector(config: unknown, options: { port?: number; dir?: string; env?: Record<string, string> } = {}): Promise<RunningCollector> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'uptake-e2e-'));
  const configPath = join(dir, 'uptake.config.json');
  const dbPath = join(dir, 'uptake.db');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  let child!: ChildProcess;
  let port = options.port ?? 0;

  const launch = () =>
    new Promise<void>((resolveStart, reject) => {
      child = spawn(process.execPath, [CLI, 'serve', '--config', configPath, '--db', dbPath, '--port', String(port), '--host', '127.0.0.1'], {
        cwd: ROOT,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const match = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
        if (match) {
          port = Number(match[1]);
          child.stdout!.off('data', onData);
          resolveStart();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`collector exited with ${code} before listening:\n${out}`)));
    });

  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });

  await launch();
  const running: RunningCollector = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dir,
    dbPath,
    configPath,
    get process() {
      return child;
    },
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await launch();
    },
  };
  return running;
}
