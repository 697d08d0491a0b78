// Test support: a real collector (createApp + @hono/node-server) on a free loopback port over a real
// SQLite file in a temp dir, and a small client for POST /v1/batch.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { openSqliteStore, type SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';

export const WRITE_KEY = 'wk_test';
export const ORIGIN = 'http://app.example.com';

export function testConfig(project: Record<string, unknown> = {}, topLevel: Record<string, unknown> = {}) {
  return parseConfig({
    ...topLevel,
    projects: [
      { id: 'test', name: 'Test', writeKey: WRITE_KEY, secretKey: 'sk_test_secret', allowedOrigins: [ORIGIN], ...project },
      { id: 'other', name: 'Other', writeKey: 'wk_other', secretKey: 'sk_other_secret', allowedOrigins: ['http://other.example.com'] },
    ],
  });
}

export interface TestCollector {
  url: string;
  dir: string;
  dbPath: string;
  store: SqliteStore;
  ctx: AppContext;
  server: RunningServer;
  /** POSTs a JSON body (or a raw string/Buffer) to /v1/batch. */
  post(body: unknown, init?: { headers?: Record<string, string>; raw?: boolean }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestCollector(
  options: { project?: Record<string, unknown>; now?: () => number; busyTimeoutMs?: number; headersTimeoutMs?: number; metricsToken?: string } = {},
): Promise<TestCollector> {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-ingest-'));
  const dbPath = join(dir, 'uptake.db');
  const store = openSqliteStore(dbPath, { busyTimeoutMs: options.busyTimeoutMs ?? 50 });
  const ctx = createContext(testConfig(options.project, options.metricsToken ? { metricsToken: options.metricsToken } : {}), store, options.now);
  const server = await startServer(ctx, { host: '127.0.0.1', port: 0, headersTimeoutMs: options.headersTimeoutMs });
  return {
    url: server.url,
    dir,
    dbPath,
    store,
    ctx,
    server,
    post: (body, init = {}) =>
      fetch(`${server.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body: init.raw ? (body as string) : JSON.stringify(body),
      }),
    async close() {
      await server.close(1000);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** A valid wire track event. */
export function track(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'track', event: 'Report Exported', userId: 'u1', messageId: `msg-${process.pid}-${++seq}`, timestamp: new Date().toISOString(), ...fields };
}

// ---- the collector as a child process (`uptake-collector serve`) -------------------------------

export const CLI = fileURLToPath(new URL('../../bin/uptake-collector.mjs', import.meta.url));

export interface CollectorProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
}

/** Writes the test config into `dir` and returns its path. */
export function writeTestConfig(dir: string, project: Record<string, unknown> = {}): string {
  const file = join(dir, 'uptake.config.json');
  writeFileSync(file, JSON.stringify({ projects: [{ id: 'test', name: 'Test', writeKey: WRITE_KEY, secretKey: 'sk_test_secret', allowedOrigins: [ORIGIN], ...project }] }));
  return file;
}

/** Runs `uptake-collector serve --port 0` and resolves once it printed its listening line. */
export function spawnCollector(args: string[]): Promise<CollectorProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/^uptake-collector listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
      if (match) {
        child.stdout!.off('data', onData);
        resolve({ url: match[1], child, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => reject(new Error(`collector exited (${code}) before listening:\n${out}`)));
  });
}

/** Runs the CLI to completion and returns its exit code and output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
