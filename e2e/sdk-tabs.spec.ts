// Several tabs of one origin share one IndexedDB queue: Web Locks let one tab send at a time, so
// every event is sent once and stored once.
import { expect, test } from '@playwright/test';
import { names, recordBatches, sdkReady, startSdkHarness, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

for (const tabs of [2, 3]) {
  test(`${tabs} tabs tracking at once: every event stored exactly once, none sent twice`, async ({ context }) => {
    const prefix = `tabs${tabs}-`;
    const pages = await Promise.all(Array.from({ length: tabs }, () => context.newPage()));
    const batches = pages.map(recordBatches);
    const url = h.pageUrl({ flushAt: 7, flushIntervalMs: 100, surveys: false });
    // The first tab starts the session; the others open while it is active.
    await pages[0].goto(url);
    await sdkReady(pages[0]);
    await pages[0].evaluate((pre) => (window as any).uptake.track(`${pre}start`), prefix);
    await Promise.all(pages.slice(1).map((p) => p.goto(url)));
    await Promise.all(pages.map(sdkReady));

    // Each tab tracks 60 events in small bursts, so the tabs' flushes overlap.
    await Promise.all(
      pages.map((p, tab) =>
        p.evaluate(
          async ([pre, t]) => {
            for (let i = 0; i < 60; i++) {
              (window as any).uptake.track(`${pre}${t * 60 + i}`);
              if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 3));
            }
          },
          [prefix, tab] as const,
        ),
      ),
    );
    await Promise.all(pages.map((p) => p.evaluate(() => (window as any).uptake.flush())));

    const expected = [...names(prefix, tabs * 60), `${prefix}start`].sort();
    await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith(prefix))).toEqual(expected);
    const sentIds = batches.flat().flatMap((b) => b.messageIds);
    expect(sentIds).toHaveLength(tabs * 60 + 1);
    expect(new Set(sentIds).size).toBe(tabs * 60 + 1);
    // Every tab shares the session of the origin.
    expect(new Set(h.events().filter((e) => e.event?.startsWith(prefix)).map((e) => e.sessionId)).size).toBe(1);
  });
}
