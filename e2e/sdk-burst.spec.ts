// Bursts: the events a page tracks in one task are written to IndexedDB together (records of up to
// 100 events) and sent together, and a reload or a page hide in the middle loses none of them.
import { expect, test } from '@playwright/test';
import { names, recordBatches, sdkReady, startSdkHarness, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

// Batching would hold these events for a minute: only IndexedDB or the page-hide send can deliver them.
const HOLD = { flushAt: 1000, flushIntervalMs: 60_000, surveys: false };

test('a burst of 100 calls goes out as one request', async ({ page }) => {
  const batches = recordBatches(page);
  await page.goto(h.pageUrl({ flushIntervalMs: 60_000, surveys: false })); // flushAt: the default 20
  await sdkReady(page);
  await page.evaluate(() => {
    for (let i = 0; i < 100; i++) (window as any).uptake.track(`one-request-${i}`);
  });
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('one-request-'))).toEqual(names('one-request-', 100));
  // The browser's request events may reach the test after the collector stored the batch.
  await expect.poll(() => batches.reduce((sum, b) => sum + b.messageIds.length, 0)).toBe(100);
  // flushAt is reached at the 20th call; the send waits for the rest of the task: 1 request of 100.
  expect(batches.filter((b) => b.messageIds.length > 0).map((b) => b.messageIds.length)).toEqual([100]);
});

test('a reload in the middle of a burst, collector down: every event arrives once, later', async ({ page }) => {
  await page.goto(h.pageUrl(HOLD));
  await sdkReady(page);
  // Started, with IndexedDB open (a flush reads the queue): what this test is about is the burst.
  await page.evaluate(() => (window as any).uptake.flush());
  // Down while this page lives, its page-hide send included: only IndexedDB can keep the events.
  await h.collector.stop();
  const reloaded = page.waitForEvent('load');
  await page.evaluate(() => {
    const uptake = (window as any).uptake;
    for (let i = 0; i < 125; i++) uptake.track(`mid-reload-${i}`);
    location.reload();
    // Still this task: the navigation starts after it.
    for (let i = 125; i < 250; i++) uptake.track(`mid-reload-${i}`);
  });
  await reloaded;
  await page.goto(`${h.site.origin}/other`);
  await h.collector.restart();
  expect(trackedNames(h.events()).filter((n) => n.startsWith('mid-reload-'))).toEqual([]);

  await page.goto(h.pageUrl(HOLD));
  // 250 events in three records (100 + 100 + 50), all re-sent by the next page load.
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('mid-reload-')), { timeout: 20_000 }).toEqual(names('mid-reload-', 250));
  const ids = h.events().filter((e) => e.event?.startsWith('mid-reload-')).map((e) => e.messageId);
  expect(new Set(ids).size).toBe(250);
});

test('leaving the page right after a burst: part goes with keepalive at once, the rest on the next load, each once', async ({ page }) => {
  await page.goto(h.pageUrl(HOLD));
  await sdkReady(page);
  await page.evaluate(() => (window as any).uptake.flush());
  await page.evaluate((other) => {
    // ~1 KiB each: 300 of them are more than the 64 KiB browsers allow in keepalive bodies.
    const padding = 'x'.repeat(1000);
    for (let i = 0; i < 300; i++) (window as any).uptake.track(`hide-burst-${i}`, { padding });
    location.href = other;
  }, `${h.site.origin}/other`);
  await page.waitForURL('**/other');
  // The page-hide send delivers what fits in two keepalive bodies, newest first.
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('hide-burst-')).length).toBeGreaterThan(0);
  const early = trackedNames(h.events()).filter((n) => n.startsWith('hide-burst-')).length;
  expect(early).toBeLessThan(300);
  expect(trackedNames(h.events())).toContain('hide-burst-299');

  await page.goto(h.pageUrl(HOLD));
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('hide-burst-')), { timeout: 20_000 }).toEqual(names('hide-burst-', 300));
  const ids = h.events().filter((e) => e.event?.startsWith('hide-burst-')).map((e) => e.messageId);
  expect(new Set(ids).size).toBe(300);
});
