// `uptake-collector serve` as users run it: flags, environment, bad input (exit 2, nothing written)
// and a graceful SIGTERM that finishes the batch in flight.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { parseServeArgs } from '../../src/cli/serve.js';
import { WRITE_KEY, runCli, spawnCollector, writeTestConfig } from './support.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'uptake-serve-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('serve flags', () => {
  it('defaults to uptake.config.json, ./data/uptake.db, 127.0.0.1:8787, with UPTAKE_CONFIG, UPTAKE_DB and PORT as fallbacks', () => {
    expect(parseServeArgs([], {})).toEqual({ config: 'uptake.config.json', db: './data/uptake.db', port: 8787, host: '127.0.0.1' });
    expect(parseServeArgs([], { UPTAKE_CONFIG: 'c.json', UPTAKE_DB: 'x.db', PORT: '9000' })).toEqual({ config: 'c.json', db: 'x.db', port: 9000, host: '127.0.0.1' });
    expect(parseServeArgs(['--port', '0', '--db', 'y.db', '--host', '0.0.0.0'], { PORT: '9000', UPTAKE_DB: 'x.db' })).toMatchObject({ port: 0, db: 'y.db', host: '0.0.0.0' });
    expect(() => parseServeArgs(['--port', 'eighty'], {})).toThrow(/--port/);
  });

  it('prints help and exits 0', async () => {
    const { code, stdout } = await runCli(['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--config');
  });

  it('refuses an unknown flag with one line and exit code 2', async () => {
    const { code, stderr } = await runCli(['serve', '--verbose']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--verbose');
  });

  it('refuses an invalid config naming the bad field, exit 2, and creates no database', async () => {
    const dir = tempDir();
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ projects: [{ id: 'p', name: 'P', writeKey: 'wk', secretKey: 'sk_long_enough', retentionDays: -5 }] }));
    const { code, stderr } = await runCli(['serve', '--config', config, '--db', join(dir, 'data', 'u.db'), '--port', '0']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('projects[0].retentionDays');
    expect(readdirSync(dir)).toEqual(['bad.json']);
  });

  it('refuses a postgres:// URL it cannot connect to with one line, exit 2', async () => {
    const dir = tempDir();
    const { code, stderr } = await runCli(['serve', '--config', writeTestConfig(dir), '--db', 'postgres://u:pw@127.0.0.1:1/uptake', '--port', '0']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/cannot open PostgreSQL database postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/uptake/);
  });
});

describe('serve process', () => {
  it('creates the database directory, prints its URL, and answers /healthz', async () => {
    const dir = tempDir();
    const db = join(dir, 'nested', 'data', 'uptake.db');
    const proc = await spawnCollector(['--config', writeTestConfig(dir), '--db', db]);
    try {
      expect(proc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(db)).toBe(true);
      expect(await (await fetch(`${proc.url}/healthz`)).json()).toEqual({ status: 'ok', config: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), loadedAt: expect.any(String) } });
    } finally {
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal} finishes the batch in flight, closes the store and exits 0`, async () => {
      const dir = tempDir();
      const db = join(dir, 'uptake.db');
      const proc = await spawnCollector(['--config', writeTestConfig(dir), '--db', db]);
      const { port } = new URL(proc.url);
      const body = JSON.stringify({ batch: Array.from({ length: 200 }, (_, i) => ({ type: 'track', event: 'E', userId: 'u', messageId: `inflight-${i}` })) });
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/batch', headers: { 'x-uptake-write-key': WRITE_KEY, 'content-length': Buffer.byteLength(body) } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        // Half the body now; the signal arrives while the request is being read.
        req.write(body.slice(0, 100));
        req.once('socket', (socket) =>
          socket.once('connect', () =>
            // The server needs a moment to parse the headers; no client-side event tells when it has.
            setTimeout(() => {
              proc.child.kill(signal);
              setTimeout(() => req.end(body.slice(100)), 100);
            }, 200),
          ),
        );
      });
      const res = await answer;
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ accepted: 200, duplicates: 0, rejected: [] });
      expect(await proc.exited).toBe(0);
      const store = openSqliteStore(db);
      expect(await store.countEvents('test')).toBe(200);
      await store.close();
    });
  }
});
