// SPEC §8: track() on the page's main thread costs ≤ 50 µs per call (p95). Measured over 10 000
// calls in Chromium and printed; the assertion is a generous bound that only a real regression
// (say, a synchronous storage write per call) would break on a busy machine.
import { expect, test } from '@playwright/test';
import { sdkReady, startSdkHarness, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('track() costs microseconds per call (p50/p95 over 10 000 calls)', async ({ page }) => {
  // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
  const html = await (await fetch(h.pageUrl())).text();
  h.site.set('/isolated', {
    body: html,
    type: 'text/html',
    headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
  });
  await page.goto(`${h.site.origin}/isolated?options=${encodeURIComponent(JSON.stringify({ flushAt: 1e9, flushIntervalMs: 3_600_000, maxQueue: 100_000, surveys: false }))}`);
  await sdkReady(page);
  const result = await page.evaluate(async () => {
    const { uptake } = window as any;
    const GROUP = 10;
    const perCall: number[] = [];
    for (let i = 0; i < 500; i++) uptake.track('Warm Up', { i });
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let group = 0; group < 10_000 / GROUP; group++) {
      const start = performance.now();
      for (let i = 0; i < GROUP; i++) uptake.track('Feature Used', { plan: 'pro', seats: 25, step: i });
      perCall.push(((performance.now() - start) * 1000) / GROUP);
      // Let the queue write its batch, as it would between user actions.
      if (group % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    perCall.sort((a, b) => a - b);
    const at = (q: number) => perCall[Math.min(perCall.length - 1, Math.floor(q * perCall.length))];
    return { isolated: crossOriginIsolated, p50: at(0.5), p95: at(0.95), max: perCall[perCall.length - 1] };
  });
  console.log(`track() per call over 10 000 calls (groups of 10): p50 ${result.p50.toFixed(1)} µs, p95 ${result.p95.toFixed(1)} µs, max ${result.max.toFixed(1)} µs (crossOriginIsolated: ${result.isolated})`);
  expect(result.isolated).toBe(true);
  expect(result.p95).toBeLessThan(250);
});
