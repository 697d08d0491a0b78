// The resume point of an import never claims lines the store has not made durable: a bulk store
// (here a recording fake, beside the real-file tests of import-file.test.ts) is asked to flush every
// `flushLines` lines (25 000 here), and the state file may only move up to what an answered flush covered.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BulkIngest } from '../storage/bulk-ingest.js';
import type { Store } from '../storage/store.js';
import { checkpointPath, type Checkpoint } from './checkpoint.js';
import { importFile } from './import-file.js';

const FLUSH_LINES = 25_000;

const dir = mkdtempSync(join(tmpdir(), 'uptake-import-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import resume point', () => {
  it('is saved only after the store made the lines before it durable', async () => {
    const total = 2 * FLUSH_LINES + 10_000; // 60 000 lines: flushes after 25 000 and 50 000, and at the end
    const start = Date.UTC(2026, 10, 1);
    let text = '';
    for (let i = 0; i < total; i++) text += `${JSON.stringify({ type: 'track', event: 'Report Exported', userId: `u${i % 9}`, messageId: `d-${i}`, timestamp: new Date(start + i * 1000).toISOString() })}\n`;
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, text);

    let written = 0;
    let durable = 0;
    const flushedAt: number[] = [];
    const claimed = () => (existsSync(checkpointPath(file)) ? (JSON.parse(readFileSync(checkpointPath(file), 'utf8')) as Checkpoint).counts.stored : 0);
    const seen: number[] = [];
    const check = () => {
      const c = claimed();
      if (seen[seen.length - 1] !== c) seen.push(c);
      expect(c).toBeLessThanOrEqual(durable);
    };
    const bulk: BulkIngest = {
      async write(_project, events) {
        check();
        written += events.length;
        return { accepted: events.length, duplicateIndexes: [] };
      },
      flush() {
        check();
        const covers = written;
        flushedAt.push(covers);
        // The disk answers later: batches go on being written meanwhile.
        return new Promise((resolve) => setTimeout(() => {
          durable = Math.max(durable, covers);
          resolve();
        }, 20));
      },
      async close() {},
    };
    const store = { openBulk: () => bulk } as unknown as Store;
    const result = await importFile(store, 'demo', file, { format: 'uptake', limit: total - 1, flushLines: FLUSH_LINES });

    expect(result.counts.stored).toBe(total - 1);
    // Flushes at the first batch boundaries at or past 25 000 and 50 000 lines (batches of 500: 25 000
    // and 50 000), unless a second went by first, and one at the end covering all 59 999.
    expect(flushedAt[flushedAt.length - 1]).toBe(total - 1);
    expect(flushedAt.every((n, i) => i === 0 || n >= flushedAt[i - 1])).toBe(true);
    // Stopped by the limit: the state file stays, claiming exactly what the last flush made durable.
    expect(claimed()).toBe(total - 1);
    // And before that, a resume point mid-way was seen while batches were still being written.
    expect(seen.some((c) => c > 0 && c < total - 1)).toBe(true);
  });

  it('fails with the error of the store when a batch cannot be written, the batches after it unanswered', async () => {
    const start = Date.UTC(2026, 10, 1);
    let text = '';
    for (let i = 0; i < 10; i++) text += `${JSON.stringify({ type: 'track', event: 'Report Exported', userId: 'u1', messageId: `f-${i}`, timestamp: new Date(start + i * 1000).toISOString() })}\n`;
    const file = join(dir, 'failing.ndjson');
    writeFileSync(file, text);
    let writes = 0;
    const bulk: BulkIngest = {
      // Batches of 2 lines: the second fails, the third (already handed over meanwhile) fails too.
      write: async (_project, events) => (++writes >= 2 ? Promise.reject(new Error('disk full')) : { accepted: events.length, duplicateIndexes: [] }),
      flush: async () => {},
      close: async () => {},
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const store = { openBulk: () => bulk } as unknown as Store;
      await expect(importFile(store, 'demo', file, { format: 'uptake', batchLines: 2 })).rejects.toThrow('disk full');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      // Nothing was flushed: no resume point claims any line.
      expect(existsSync(checkpointPath(file))).toBe(false);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
