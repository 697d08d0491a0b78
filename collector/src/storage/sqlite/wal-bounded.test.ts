// SPEC §16: the WAL stays bounded (journal_size_limit), also after a disk-full episode. On a small
// tmpfs the test mounts (root only; skipped elsewhere): a long read pins the WAL while ingest fills
// the disk; once the read ends and space is freed, the WAL goes back under the limit instead of
// keeping its peak size (which, before the limit, filled the disk again).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UptakeError } from '../../errors.js';
import { makeEvent } from '../store-suite.js';
import { JOURNAL_SIZE_LIMIT_BYTES } from './connection.js';
import { openSqliteStore } from './sqlite-store.js';

const MiB = 1024 * 1024;
let mountPoint = '';
let mounted = false;
beforeAll(() => {
  mountPoint = mkdtempSync(join(tmpdir(), 'uptake-small-fs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=40m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    // Not root (or no mount in this sandbox): the test is skipped.
  }
});
afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

const fileSize = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** 24 events of ~20 KB each (~480 KB a batch). */
const bigBatch = (n: number) =>
  Array.from({ length: 24 }, (_, i) => makeEvent({ userId: `u${i}`, properties: { pad: `${n}-${i}-`.padEnd(20_000, 'x') } }));

it('shrinks the WAL back under journal_size_limit after a disk-full episode', async (ctx) => {
  if (!mounted) ctx.skip();
  const dbPath = join(mountPoint, 'uptake.db');
  const walPath = `${dbPath}-wal`;
  // 20 MiB of other files on the 40 MiB disk: freed later, as an operator would after the alert.
  const filler = join(mountPoint, 'filler.bin');
  writeFileSync(filler, Buffer.alloc(20 * MiB, 1));
  const store = openSqliteStore(dbPath, { busyTimeoutMs: 50 });
  try {
    await store.ingest('p', [makeEvent()]);
    // A long read holds its snapshot: no checkpoint may pass it, so the WAL only grows.
    const reader = new Database(dbPath, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM events').get();

    let full: unknown = null;
    for (let n = 0; n < 200 && full === null; n++) await store.ingest('p', bigBatch(n)).catch((err: unknown) => (full = err));
    expect(full).toBeInstanceOf(UptakeError);
    expect((full as UptakeError).status).toBe(503);
    const peak = fileSize(walPath);
    expect(peak).toBeGreaterThan(2 * JOURNAL_SIZE_LIMIT_BYTES);

    // The episode ends: the read finishes and space is freed.
    reader.prepare('COMMIT').run();
    reader.close();
    unlinkSync(filler);

    // Ingest goes on; once a checkpoint has copied the WAL, the next commit starts it over and cuts it back.
    let wal = peak;
    for (let n = 0; n < 100 && wal > JOURNAL_SIZE_LIMIT_BYTES; n++) {
      await store.ingest('p', [makeEvent()]);
      await new Promise((r) => setTimeout(r, 50)); // the checkpointer runs at most every 250 ms
      wal = fileSize(walPath);
    }
    expect(wal).toBeLessThanOrEqual(JOURNAL_SIZE_LIMIT_BYTES);
    // And it stays bounded under further full-speed ingest of the same volume.
    for (let n = 0; n < 10; n++) await store.ingest('p', bigBatch(1000 + n));
    expect(fileSize(walPath)).toBeLessThan(peak);
  } finally {
    await store.close();
  }
});
