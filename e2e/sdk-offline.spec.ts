// Offline journey: events tracked without a network survive a reload in IndexedDB and all arrive,
// exactly once, when the browser is back online.
import { expect, test } from '@playwright/test';
import { names, sdkReady, startSdkHarness, trackMany, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('30 events online, 30 offline, a reload while offline, back online: exactly 60 stored', async ({ page, context }) => {
  test.setTimeout(60_000);
  // The page and uptake.js are in the browser's HTTP cache, so the page can be opened again with the
  // network down (what a real app gets from its cache headers or a service worker).
  const url = h.pageUrl({ flushAt: 10, flushIntervalMs: 300, surveys: false }, '/cached');
  await page.goto(url);
  await sdkReady(page);
  await trackMany(page, 'online-', 30);
  await expect.poll(() => trackedNames(h.events())).toEqual(names('online-', 30));

  await context.setOffline(true);
  // Chromium 150 lets a document loaded after setOffline(true) reach the network again (navigator.onLine
  // true): the collector is made unreachable too, as it is for a browser without a network.
  await h.collector.stop();
  await trackMany(page, 'offline-', 30);
  await page.goto(url); // a reload that the HTTP cache can answer
  await sdkReady(page);
  await page.evaluate(() => (window as any).uptake.flush());
  expect(h.events()).toHaveLength(30);

  await h.collector.restart();
  await context.setOffline(false);
  // Back online: the `online` event, or the next retry of the backoff (a few seconds at most here).
  await expect.poll(() => trackedNames(h.events()), { timeout: 20_000 }).toEqual([...names('online-', 30), ...names('offline-', 30)].sort());
  expect(h.events()).toHaveLength(60);
  expect(new Set(h.events().map((e) => e.messageId)).size).toBe(60);
});
