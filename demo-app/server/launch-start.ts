// Runs the real `npm start` entry point (scripts/start.mjs) as a child process for tests: in a temp
// data dir, on a free port; resolves once it printed its URLs.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const START_SCRIPT = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LaunchedStart {
  /** Base URL printed for the demo app (without /app/). */
  url: string;
  process: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `node scripts/start.mjs ...args` and waits for its "Demo app" line.
 * @example const demo = await launchStart(['--data-dir', dir, '--port', '0']); await demo.stop('SIGINT')
 */
export function launchStart(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<LaunchedStart> {
  const child = spawn(process.execPath, [START_SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: undefined, UPTAKE_DB: undefined, UPTAKE_CONFIG: undefined, UPTAKE_DATA_DIR: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start printed no URLs within ${options.timeoutMs ?? 90_000} ms:\n${out}`));
    }, options.timeoutMs ?? 90_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/Demo app\s+(http:\/\/\S+?)\/app\//);
      if (!match || !/Press Ctrl-C/.test(out)) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        process: child,
        output: () => out,
        stop: (signal = 'SIGINT') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before printing its URLs:\n${out}`));
    });
  });
}
