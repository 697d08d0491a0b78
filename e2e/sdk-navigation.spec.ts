// Page hide: an event tracked right before leaving the page is sent with keepalive; events a page
// could not get confirmed are sent again by the next page load (the collector deduplicates).
import { expect, test } from '@playwright/test';
import { names, sdkReady, startSdkHarness, trackMany, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

// Batching would hold these events for a minute: only the page-hide send can deliver them in time.
const HOLD = { flushAt: 1000, flushIntervalMs: 60_000, surveys: false };

test('an event tracked right before navigating away arrives', async ({ page }) => {
  await page.goto(h.pageUrl(HOLD));
  await sdkReady(page);
  await page.evaluate((other) => {
    (window as any).uptake.track('Clicked Away', { to: 'other' });
    location.href = other;
  }, `${h.site.origin}/other`);
  await page.waitForURL('**/other');
  await expect.poll(() => h.events().filter((e) => e.event === 'Clicked Away').length).toBe(1);
});

test('unconfirmed events are sent again on the next page load', async ({ page }) => {
  await page.goto(h.pageUrl(HOLD));
  await sdkReady(page);
  // The collector is down while this page lives, its page-hide send included.
  await h.collector.stop();
  await trackMany(page, 'unconfirmed-', 5);
  await page.goto(`${h.site.origin}/other`);
  await h.collector.restart();
  expect(trackedNames(h.events()).filter((n) => n.startsWith('unconfirmed-'))).toEqual([]);

  await page.goto(h.pageUrl(HOLD));
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('unconfirmed-'))).toEqual(names('unconfirmed-', 5));
});
