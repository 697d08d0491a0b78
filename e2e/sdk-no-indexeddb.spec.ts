// Without IndexedDB (private modes, blocked storage) the SDK queues in memory and still delivers.
import { expect, test } from '@playwright/test';
import { names, sdkReady, startSdkHarness, trackMany, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('IndexedDB unavailable: events are still sent, from memory', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('IndexedDB is disabled', 'InvalidStateError');
    };
  });
  await page.goto(h.pageUrl({ flushAt: 5, surveys: false }));
  await sdkReady(page);
  await trackMany(page, 'memory-', 12);
  await page.evaluate(() => (window as any).uptake.flush());
  await expect.poll(() => trackedNames(h.events())).toEqual(names('memory-', 12));
  expect(errors).toEqual([]);
});
