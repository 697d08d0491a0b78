// Acknowledged means durable: the collector runs as a child process, is killed with SIGKILL at a
// random moment while batches are arriving, restarted on the same file, and everything is resent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { WRITE_KEY, spawnCollector, writeTestConfig } from './support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function makeBatch(n: number, size: number) {
  return Array.from({ length: size }, (_, i) => ({
    type: i % 5 === 0 ? 'page' : 'track',
    event: `Feature ${i % 7}`,
    userId: `user-${n % 13}`,
    groupId: `acct-${n % 4}`,
    messageId: `batch-${n}-event-${i}`,
    properties: { n, i },
    context: { sessionId: `s-${n % 13}` },
  }));
}

const post = (url: string, batch: unknown[]) =>
  fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'x-uptake-write-key': WRITE_KEY }, body: JSON.stringify({ batch }) });

it('loses no acknowledged event when killed with SIGKILL at a random moment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-durability-'));
  dirs.push(dir);
  const config = writeTestConfig(dir);
  const db = join(dir, 'uptake.db');

  const first = await spawnCollector(['--config', config, '--db', db]);
  const attempted: unknown[][] = [];
  const acknowledged = new Set<number>();
  let killed = false;
  // Four clients send batches back to back until the process dies.
  const senders = Array.from({ length: 4 }, async (_, sender) => {
    for (let k = 0; !killed; k++) {
      const n = k * 4 + sender;
      const batch = makeBatch(n, 25);
      attempted[n] = batch;
      try {
        const res = await post(first.url, batch);
        if (res.status === 200 && (await res.json()).accepted === batch.length) acknowledged.add(n);
      } catch {
        return; // connection refused or reset: the process is gone
      }
    }
  });
  // Kill once at least a few batches were acknowledged, after a random extra delay.
  while (acknowledged.size < 8) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, Math.random() * 300));
  first.child.kill('SIGKILL');
  killed = true;
  expect(await first.exited).toBe('SIGKILL');
  await Promise.all(senders);
  const ackedBeforeKill = [...acknowledged];
  expect(ackedBeforeKill.length).toBeGreaterThanOrEqual(8);

  const second = await spawnCollector(['--config', config, '--db', db]);
  try {
    for (let n = 0; n < attempted.length; n++) {
      if (!attempted[n]) continue;
      const res = await post(second.url, attempted[n]);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.rejected).toEqual([]);
      expect(body.accepted + body.duplicates).toBe(25);
      // Every event acknowledged before the kill is already there.
      if (acknowledged.has(n)) expect(body, `batch ${n}`).toMatchObject({ accepted: 0, duplicates: 25 });
    }
  } finally {
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }
  const store = openSqliteStore(db);
  const total = attempted.filter(Boolean).length * 25;
  expect(await store.countEvents('test')).toBe(total);
  await store.close();
});
