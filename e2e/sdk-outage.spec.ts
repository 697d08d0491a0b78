// Collector outage: connection refused, then 503 with Retry-After, then healthy again. Everything
// tracked meanwhile arrives, and the SDK backs off instead of hammering the collector.
import { expect, test } from '@playwright/test';
import { corsHeaders, names, recordBatches, sdkReady, startSdkHarness, trackMany, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('collector refused, then 503 with Retry-After: everything arrives afterwards, with backoff', async ({ page }) => {
  test.setTimeout(90_000);
  const batches = recordBatches(page);
  await page.goto(h.pageUrl({ flushAt: 1, surveys: false }));
  await sdkReady(page);

  await h.collector.stop();
  const downAt = Date.now();
  await trackMany(page, 'outage-', 10);
  await page.waitForTimeout(3000); // the outage lasts 3 s
  const refusedRequests = batches.filter((b) => b.at >= downAt).length;

  // Back, but answering 503 with Retry-After: 2 until one request has seen it.
  const unavailable: number[] = [];
  await page.route('**/v1/batch', (route) => {
    unavailable.push(Date.now());
    return route.fulfill({
      status: 503,
      headers: { ...corsHeaders(h.site.origin), 'Retry-After': '2' },
      body: JSON.stringify({ error: { code: 'storage_unavailable', message: 'database is locked' } }),
    });
  });
  await h.collector.restart();
  await expect.poll(() => unavailable.length, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.unroute('**/v1/batch');

  await expect.poll(() => trackedNames(h.events()), { timeout: 60_000 }).toEqual(names('outage-', 10));
  // Exponential backoff from 0.5 s: a handful of attempts in 3 s, where a retry loop would make hundreds.
  expect(refusedRequests).toBeGreaterThanOrEqual(1);
  expect(refusedRequests).toBeLessThanOrEqual(8);
  // Retry-After honoured: nothing was sent within 2 s of the 503.
  const after503 = batches.filter((b) => b.at > unavailable[0]);
  expect(after503[0].at - unavailable[0]).toBeGreaterThanOrEqual(1900);
  expect(h.events()).toHaveLength(10);
});
