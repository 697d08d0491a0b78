// Measures the p95 latency of every report endpoint over HTTP on a generated dataset (default
// 1 000 000 events) ingested through `store.ingest`. Run: npx tsx collector/test/reports/measure-p95.ts [events]
// With P95_DB=<file> the database is kept there and reused by the next run (no second ingest).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { startServer } from '../../src/server.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { chunk, generateEvents, GENERATED_CONFIG } from './generate-dataset.js';

async function main(): Promise<void> {
  const target = Number(process.argv[2] ?? 1_000_000);
  const days = 90;
  const start = Date.UTC(2026, 0, 5);
  const now = start + (days - 1) * 86_400_000 + 15 * 3_600_000;
  // About 1 000 events per account over 90 days (see generate-dataset.ts).
  const accounts = Math.max(10, Math.ceil(target / 990));
  const kept = process.env.P95_DB;
  const dir = kept ? null : mkdtempSync(join(tmpdir(), 'uptake-p95-'));
  const dbPath = kept ?? join(dir!, 'uptake.db');
  const reuse = kept !== undefined && existsSync(kept);
  const store = openSqliteStore(dbPath);
  const config = parseConfig(GENERATED_CONFIG);
  let t = performance.now();
  if (!reuse) {
    let events = 0;
    for (const batch of chunk(generateEvents({ seed: 3, accounts, usersPerAccount: 10, days, start }), 1000)) {
      await store.ingest('gen', batch);
      events += batch.length;
    }
    console.log(`ingested ${events} events (${accounts} accounts) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`${await store.countEvents('gen')} events in ${dbPath}`);
  const server = await startServer(createContext(config, store, () => now), { host: '127.0.0.1', port: 0 });
  const auth = { headers: { Authorization: 'Bearer sk_gen_secret' } };
  const list = await (await fetch(`${server.url}/v1/reports/accounts`, auth)).json();
  const someAccount = list.accounts[Math.floor(list.accounts.length / 2)].accountId;
  const only = process.env.P95_ONLY?.split(',');
  const paths = ['overview', 'accounts', `accounts/${someAccount}`, 'features', 'satisfaction', 'retention?period=week', 'accounts?format=csv'];
  console.log(`active accounts in the default window: ${list.accounts.length}`);
  console.log('endpoint                              p50 ms   p95 ms   max ms');
  for (const p of paths.filter((x) => !only || only.some((o) => x.startsWith(o)))) {
    const times: number[] = [];
    for (let i = 0; i < Number(process.env.P95_RUNS ?? 45); i++) {
      t = performance.now();
      const res = await fetch(`${server.url}/v1/reports/${p}`, auth);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
      if (i >= 5) times.push(performance.now() - t); // the first 5 warm caches and the JIT
    }
    times.sort((a, b) => a - b);
    const q = (f: number) => times[Math.min(times.length - 1, Math.ceil(f * times.length) - 1)];
    console.log(`${`/v1/reports/${p.replace(someAccount, ':accountId')}`.padEnd(36)} ${q(0.5).toFixed(1).padStart(7)}  ${q(0.95).toFixed(1).padStart(7)}  ${times[times.length - 1].toFixed(1).padStart(7)}`);
  }
  await server.close();
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
