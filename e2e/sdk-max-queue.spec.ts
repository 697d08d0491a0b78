// A full queue drops its oldest events and reports how many in a later `$queue_dropped` event.
import { expect, test } from '@playwright/test';
import { names, sdkReady, startSdkHarness, trackMany, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('maxQueue exceeded: the oldest are dropped and the drop count arrives', async ({ page, context }) => {
  await page.goto(h.pageUrl({ maxQueue: 10, surveys: false }));
  await sdkReady(page);
  await context.setOffline(true);
  await trackMany(page, 'queued-', 25);
  await page.evaluate(() => (window as any).uptake.flush());
  await context.setOffline(false);

  await expect.poll(() => h.events().length).toBe(11);
  expect(trackedNames(h.events()).filter((n) => n.startsWith('queued-'))).toEqual(names('queued-', 10, 15));
  const dropped = h.events().filter((e) => e.event === '$queue_dropped');
  expect(dropped.map((e) => e.properties)).toEqual([{ count: 15 }]);
});
