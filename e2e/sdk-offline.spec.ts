// Offline journey: events tracked without a network survive a reload in IndexedDB and all arrive,
// exactly once, when the browser is back online.
import { expect, test } from '@playwright/test';
import { names, sdkReady, startSdkHarness, trackMany, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('30 events online, 30 offline, a reload while offline, back online: exactly 60 stored', async ({ page, context }) => {
  // The page and uptake.js are in the browser's HTTP cache, so the page can be opened again with the
  // network down (what a real app gets from its cache headers or a service worker).
  const url = h.pageUrl({ flushAt: 10, flushIntervalMs: 300, surveys: false }, '/cached');
  await page.goto(url);
  await sdkReady(page);
  await trackMany(page, 'online-', 30);
  await expect.poll(() => trackedNames(h.events())).toEqual(names('online-', 30));

  await context.setOffline(true);
  await trackMany(page, 'offline-', 30);
  await page.goto(url); // a reload that the HTTP cache can answer
  await sdkReady(page);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await page.evaluate(() => (window as any).uptake.flush());
  expect(h.events()).toHaveLength(30);

  await context.setOffline(false);
  await expect.poll(() => trackedNames(h.events())).toEqual([...names('online-', 30), ...names('offline-', 30)].sort());
  expect(h.events()).toHaveLength(60);
  expect(new Set(h.events().map((e) => e.messageId)).size).toBe(60);
});
