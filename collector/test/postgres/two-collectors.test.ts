// Several stateless collectors on one PostgreSQL database, as behind a load balancer: two real
// `uptake-collector serve --db postgres://…` processes receiving the same batches at the same time
// store each event once and report exactly what one collector reports; a collector killed with
// SIGKILL during ingest loses nothing it acknowledged, and the other one carries on.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { CLI, spawnCollector, type CollectorProcess } from '../ingest/support.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';
import { MULTI_COLLECTOR_PROJECT, wireBatches } from './wire-batches.js';

const DAY = 86_400_000;
const SECRET = MULTI_COLLECTOR_PROJECT.secretKey;
const available = postgresAvailable();
let server: PgServer;
let dir: string;
let config: string;
const running: CollectorProcess[] = [];

async function startCollector(db: string): Promise<CollectorProcess> {
  const proc = await spawnCollector(['--config', config, '--db', db]);
  running.push(proc);
  return proc;
}

async function stop(proc: CollectorProcess): Promise<void> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM');
  await proc.exited;
}

async function post(url: string, batch: unknown[]): Promise<{ accepted: number; duplicates: number; rejected: unknown[] }> {
  const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'x-uptake-write-key': MULTI_COLLECTOR_PROJECT.writeKey }, body: JSON.stringify({ batch }) });
  if (res.status !== 200) throw new Error(`POST /v1/batch answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Runs `task` over `items` with at most `width` in flight. */
async function inParallel<T>(items: T[], width: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  }));
}

async function report(url: string, path: string): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${SECRET}` } });
  expect(res.status, path).toBe(200);
  return res.json();
}

/** Deep equality where numbers may differ by floating-point summation order only. */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') expect(actual, path).toBeCloseTo(expected, 9);
  else if (Array.isArray(expected)) {
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else expect(actual, path).toEqual(expected);
}

const countEvents = async (url: string) => {
  const store = await openPostgresStore(url);
  try {
    return await store.countEvents(MULTI_COLLECTOR_PROJECT.id);
  } finally {
    await store.close();
  }
};

describe.skipIf(!available)('several collectors on one PostgreSQL database', () => {
  beforeAll(async () => {
    server = await startPgServer();
    dir = mkdtempSync(join(tmpdir(), 'uptake-multi-'));
    config = join(dir, 'uptake.config.json');
    writeFileSync(config, JSON.stringify({ projects: [MULTI_COLLECTOR_PROJECT] }));
  });
  afterAll(async () => {
    await Promise.all(running.map(stop));
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('store each event of batches both receive at once exactly once, and report what one collector reports', async () => {
    const today = Math.floor(Date.now() / DAY) * DAY;
    const start = today - 21 * DAY;
    const batches = wireBatches({ seed: 7, accounts: 8, usersPerAccount: 4, days: 21, start, batchSize: 25 });
    const total = batches.reduce((n, b) => n + b.length, 0);
    const url = await server.createDatabase();
    // Both start at the same moment on a fresh database: the migration runs once.
    const [a, b, single] = await Promise.all([startCollector(url), startCollector(url), startCollector(join(dir, 'single.db'))]);

    await inParallel(batches, 4, async (batch, i) => {
      const [fromA, fromB] = await Promise.all([post(a.url, batch), post(b.url, batch)]);
      expect(fromA.rejected.length + fromB.rejected.length, `batch ${i}`).toBe(0);
      // Between them every event is stored by one collector and counted as a duplicate by the other.
      expect(fromA.accepted + fromB.accepted, `batch ${i} accepted`).toBe(batch.length);
      expect(fromA.duplicates + fromB.duplicates, `batch ${i} duplicates`).toBe(batch.length);
    });
    for (const batch of batches) expect((await post(single.url, batch)).accepted).toBe(batch.length);
    expect(await countEvents(url)).toBe(total);

    const w = `from=${new Date(start).toISOString().slice(0, 10)}&to=${new Date(today + DAY).toISOString().slice(0, 10)}`;
    const paths = ['overview', 'accounts', 'features', 'satisfaction', 'retention', 'accounts/acct-0', 'accounts/acct-3', 'accounts/acct-7']
      .map((r) => `/v1/reports/${r}?${w}`);
    for (const path of paths) {
      const [fromA, fromB, fromSingle] = await Promise.all([report(a.url, path), report(b.url, path), report(single.url, path)]);
      expect(fromB, path).toEqual(fromA);
      expectClose(fromA, fromSingle, path);
    }
    const accounts = (await report(a.url, `/v1/reports/accounts?${w}`)) as { accounts: { activeUsers: number }[] };
    expect(accounts.accounts).toHaveLength(8);
    await Promise.all([a, b, single].map(stop));
  });

  it('select PostgreSQL from UPTAKE_DB as from --db', async () => {
    const url = await server.createDatabase();
    const child = spawn(process.execPath, [CLI, 'serve', '--config', config, '--port', '0'], { env: { ...process.env, UPTAKE_DB: url }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((done) => child.once('exit', done));
    const listening = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      void exited.then(() => reject(new Error(`collector exited before listening: ${out}`)));
    });
    const batch = wireBatches({ seed: 9, accounts: 1, usersPerAccount: 1, days: 2, start: Date.UTC(2026, 0, 1), batchSize: 100 })[0];
    expect((await post(listening, batch)).accepted).toBe(batch.length);
    child.kill('SIGTERM');
    await exited;
    expect(await countEvents(url)).toBe(batch.length);
  });

  it('lose nothing acknowledged when one is killed with SIGKILL during ingest, the other serving on', async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([startCollector(url), startCollector(url)]);
    const batches = wireBatches({ seed: 8, accounts: 12, usersPerAccount: 5, days: 30, start: Date.UTC(2026, 0, 1), batchSize: 25 });
    const acknowledged = new Set<number>();
    const attempted = new Set<number>();
    let next = 0;
    let killed = false;
    // Four clients send to `a` back to back until it dies.
    const senders = Array.from({ length: 4 }, async () => {
      while (!killed && next < batches.length) {
        const i = next++;
        attempted.add(i);
        try {
          const body = await post(a.url, batches[i]);
          if (body.accepted === batches[i].length) acknowledged.add(i);
        } catch {
          return; // connection refused or reset: the process is gone
        }
      }
    });
    while (acknowledged.size < 8) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, Math.random() * 200));
    a.child.kill('SIGKILL');
    killed = true;
    expect(await a.exited).toBe('SIGKILL');
    await Promise.all(senders);
    expect(acknowledged.size).toBeGreaterThanOrEqual(8);

    // The clients retry everything they sent on the surviving collector.
    let total = 0;
    for (const i of [...attempted].sort((x, y) => x - y)) {
      const body = await post(b.url, batches[i]);
      total += batches[i].length;
      expect(body.rejected).toEqual([]);
      expect(body.accepted + body.duplicates).toBe(batches[i].length);
      if (acknowledged.has(i)) expect(body, `batch ${i} was acknowledged`).toMatchObject({ accepted: 0, duplicates: batches[i].length });
    }
    expect(await countEvents(url)).toBe(total);
    await stop(b);
  });
});
