// The script tag and its persisted state: one tag initialises itself, every event carries the ids
// and context the reports need, and ids, account and opt-out survive reloads.
import { expect, test } from '@playwright/test';
import { WRITE_KEY, sdkReady, startSdkHarness, trackedNames, type SdkHarness } from './support/sdk-harness.js';
import { snippetCode } from '@uptake/sdk/snippet';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('the plain tag initialises from data-write-key, sends to its own origin, and events carry full context', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.pageUrl());
  await sdkReady(page);
  await page.evaluate(() => (window as any).uptake.track('Report Exported', { format: 'csv' }));
  await page.evaluate(() => (window as any).uptake.flush());
  await expect.poll(() => trackedNames(h.events())).toEqual(['Report Exported']);
  const [event] = h.events();
  expect(event.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(event.properties).toEqual({ format: 'csv' });
  expect(event.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  expect(event.sessionId).toBe(event.context!.sessionId);
  expect(event.context).toMatchObject({
    library: { name: 'uptake-js', version: '0.1.0' },
    page: { url: h.pageUrl(), path: '/', title: 'Host app' },
  });
  expect(errors).toEqual([]);
});

test('anonymousId, userId and groupId persist across reloads and ride on every event', async ({ page }) => {
  await page.goto(h.pageUrl({ flushAt: 1, surveys: false }));
  await sdkReady(page);
  await page.evaluate(() => {
    const { uptake } = window as any;
    uptake.identify('user-ada', { email: 'ada@example.com', role: 'admin' });
    uptake.group('acct-acme', { name: 'Acme', plan: 'pro', seats: 10 });
  });
  await page.reload();
  await sdkReady(page);
  await page.evaluate(() => (window as any).uptake.track('After Reload'));
  await page.evaluate(() => (window as any).uptake.page('Settings'));
  await expect.poll(() => h.events().filter((e) => e.userId === 'user-ada').length).toBe(4);
  const mine = h.events().filter((e) => e.userId === 'user-ada').sort((a, b) => (a.messageId < b.messageId ? -1 : 1));
  expect(mine.map((e) => e.type)).toEqual(['identify', 'group', 'track', 'page']);
  expect(new Set(mine.map((e) => e.anonymousId)).size).toBe(1);
  expect(mine.filter((e) => e.type !== 'identify').every((e) => e.groupId === 'acct-acme')).toBe(true);
  expect(mine[0].traits).toEqual({ email: 'ada@example.com', role: 'admin' });
  expect(mine[1].traits).toEqual({ name: 'Acme', plan: 'pro', seats: 10 });

  // reset() (logout): a new anonymous person, no user, no account.
  await page.evaluate(() => {
    (window as any).uptake.reset();
    (window as any).uptake.track('After Reset');
  });
  await expect.poll(() => h.events().filter((e) => e.event === 'After Reset').length).toBe(1);
  const after = h.events().find((e) => e.event === 'After Reset')!;
  expect(after.userId).toBeNull();
  expect(after.groupId).toBeNull();
  expect(after.anonymousId).not.toBe(mine[0].anonymousId);
  expect(after.sessionId).not.toBe(mine[0].sessionId);
});

test('the snippet keeps calls made before uptake.js loads and replays them in order', async ({ page }) => {
  h.site.set('/snippet', {
    body: `<!doctype html><title>Snippet</title><script>${snippetCode(`${h.collector.url}/sdk/uptake.js`, WRITE_KEY)}
      uptake.identify('user-snippet'); uptake.track('Before Load 1'); uptake.track('Before Load 2'); uptake.flush();</script>`,
    type: 'text/html',
  });
  await page.goto(`${h.site.origin}/snippet`);
  await expect.poll(() => h.events().filter((e) => e.userId === 'user-snippet').map((e) => e.event ?? e.type)).toEqual(['identify', 'Before Load 1', 'Before Load 2']);
});

test('optOut stops sending, empties the queue and is remembered; optIn resumes', async ({ page }) => {
  await page.goto(h.pageUrl({ flushAt: 1000, flushIntervalMs: 60_000, surveys: false }));
  await sdkReady(page);
  const batches: string[] = [];
  page.on('request', (r) => r.url().endsWith('/v1/batch') && batches.push(r.postData() ?? ''));
  await page.evaluate(() => {
    const { uptake } = window as any;
    uptake.track('Queued Before Opt Out');
    uptake.optOut();
    uptake.track('While Opted Out');
  });
  await page.reload();
  await sdkReady(page);
  await page.evaluate(() => (window as any).uptake.track('Still Opted Out'));
  await page.evaluate(() => (window as any).uptake.flush());
  expect(batches.join('')).not.toMatch(/Opted Out|Queued Before/);
  await page.evaluate(() => {
    (window as any).uptake.optIn();
    (window as any).uptake.track('Opted In Again');
  });
  await page.evaluate(() => (window as any).uptake.flush());
  await expect.poll(() => h.events().filter((e) => e.event === 'Opted In Again').length).toBe(1);
  expect(h.events().filter((e) => /Opted Out|Queued Before/.test(e.event ?? ''))).toEqual([]);
});
