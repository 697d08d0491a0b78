// Measures ingest over HTTP (POST /v1/batch, batches of 50, loopback, concurrent keep-alive
// clients) into real collector processes, SQLite and PostgreSQL in the same run, so the figures can
// be compared. PostgreSQL runs with fsync on (acknowledged = durable, as SQLite's synchronous=FULL).
// Run: node --import tsx collector/test/postgres/ingest-rate.ts [seconds per run, default 8]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCollector, type CollectorProcess } from '../ingest/support.js';
import { startPgServer } from './pg-server.js';

const BATCH = 50;
const CLIENTS = 16;
const WRITE_KEY = 'wk_rate';

let seq = 0;
/** A batch as an SDK sends it: tracks and pages of 500 users in 50 accounts, with sessionIds. */
function nextBody(): string {
  const now = Date.now();
  const batch = Array.from({ length: BATCH }, () => {
    const n = ++seq;
    const user = n % 500;
    return {
      type: n % 5 === 0 ? 'page' : 'track',
      event: `Feature ${n % 12}`,
      name: 'Home',
      userId: `user-${user}`,
      groupId: `account-${user % 50}`,
      messageId: `rate-${process.pid}-${n}`,
      timestamp: new Date(now - (n % 1000)).toISOString(),
      properties: { plan: 'pro', n },
      context: { sessionId: `s-${user}`, page: { path: '/reports' } },
    };
  });
  return JSON.stringify({ writeKey: WRITE_KEY, batch });
}

/** Drives the collectors for `seconds` after a 1 s warm-up; returns acknowledged events/s. */
async function drive(urls: string[], seconds: number): Promise<number> {
  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  let events = 0;
  const clients = Array.from({ length: CLIENTS }, async (_, i) => {
    const url = `${urls[i % urls.length]}/v1/batch`;
    while (phase !== 'done') {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nextBody() });
      const body = (await res.json()) as { accepted?: number };
      if (res.status !== 200) throw new Error(`POST /v1/batch answered ${res.status}: ${JSON.stringify(body)}`);
      if (phase === 'measure') events += body.accepted ?? 0;
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  phase = 'measure';
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const counted = events;
  phase = 'done';
  await Promise.all(clients);
  return counted / elapsed;
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 8);
  const dir = mkdtempSync(join(tmpdir(), 'uptake-rate-'));
  const config = join(dir, 'uptake.config.json');
  writeFileSync(config, JSON.stringify({ projects: [{ id: 'rate', name: 'Rate', writeKey: WRITE_KEY, secretKey: 'sk_rate_secret_value' }] }));
  const server = await startPgServer({ durable: true });
  const running: CollectorProcess[] = [];
  const start = async (db: string) => {
    const proc = await spawnCollector(['--config', config, '--db', db]);
    running.push(proc);
    return proc;
  };
  const stopAll = async () => {
    for (const p of running.splice(0)) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  };
  const rows: [string, number, number][] = [];
  try {
    const runs: [string, () => Promise<string[]>][] = [
      ['SQLite, 1 collector', async () => [(await start(join(dir, 'rate.db'))).url]],
      ['PostgreSQL, 1 collector', async () => [(await start(await server.createDatabase())).url]],
      ['PostgreSQL, 2 collectors, one database', async () => {
        const url = await server.createDatabase();
        return (await Promise.all([start(url), start(url)])).map((p) => p.url);
      }],
    ];
    for (const [name, open] of runs) {
      const urls = await open();
      const rate = await drive(urls, seconds);
      rows.push([name, rate, loadavg()[0]]);
      await stopAll();
    }
  } finally {
    await stopAll();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`ingest over HTTP, batches of ${BATCH}, ${CLIENTS} concurrent clients, ${seconds} s each (fsync on for both stores)`);
  for (const [name, rate, load] of rows) console.log(`${name.padEnd(40)} ${Math.round(rate).toString().padStart(8)} events/s   (load average ${load.toFixed(1)})`);
}

await main();
