import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { WalSync } from './wal-sync.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('resolves every waiter once the file is synced, grouping the ones that arrive together', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-wal-'));
  dirs.push(dir);
  const wal = join(dir, 'x.db-wal');
  writeFileSync(wal, 'frames');
  const sync = new WalSync(wal);
  const order: number[] = [];
  await Promise.all([1, 2, 3].map((n) => sync.sync().then(() => order.push(n))));
  appendFileSync(wal, 'more frames');
  await sync.sync();
  expect(order).toEqual([1, 2, 3]);
  await sync.close();
});

it('resolves when there is no WAL file yet (nothing written through it)', async () => {
  const sync = new WalSync(join(tmpdir(), 'uptake-no-such-dir', 'x.db-wal'));
  await expect(sync.sync()).resolves.toBeUndefined();
  await sync.close();
});
