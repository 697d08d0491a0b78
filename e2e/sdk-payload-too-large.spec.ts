// 413 from the collector: the SDK halves the batch until it is taken; nothing is lost.
import { expect, test } from '@playwright/test';
import { corsHeaders, names, sdkReady, startSdkHarness, trackMany, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('413: the batch is split and all events arrive', async ({ page }) => {
  const tooLarge: number[] = [];
  const accepted: number[] = [];
  await page.route('**/v1/batch', (route) => {
    const size = (JSON.parse(route.request().postData() ?? '{}').batch ?? []).length as number;
    if (size > 4) {
      tooLarge.push(size);
      return route.fulfill({ status: 413, headers: corsHeaders(h.site.origin), body: JSON.stringify({ error: { code: 'payload_too_large', message: 'too large' } }) });
    }
    if (size > 0) accepted.push(size);
    return route.continue();
  });
  await page.goto(h.pageUrl({ flushAt: 30, surveys: false }));
  await sdkReady(page);
  await trackMany(page, 'big-', 30);
  await expect.poll(() => trackedNames(h.events())).toEqual(names('big-', 30));
  expect(tooLarge[0]).toBe(30);
  expect(Math.max(...accepted)).toBeLessThanOrEqual(4);
  expect(accepted.reduce((a, b) => a + b, 0)).toBe(30);
});
