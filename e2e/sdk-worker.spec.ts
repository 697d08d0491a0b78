// The delivery worker (docs/sdk.md, "Delivery worker"): with `worker: true` the queue and its sends
// run in a worker started from a blob: of /sdk/uptake-worker.js (the script is cross-origin to the
// page); under a CSP that forbids such workers, or without the option, the same file runs as a page
// script; events the worker has not yet acknowledged as stored survive the page closing.
import { expect, test, type Page } from '@playwright/test';
import { names, sdkReady, startSdkHarness, trackMany, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

// Batching would hold these events for a minute: only flush(), page hide or the next load sends them.
const HOLD = { flushAt: 1000, flushIntervalMs: 60_000, surveys: false, worker: true };

/** Stored messageIds of the events named prefix*, each once or the test fails. */
const storedOnce = (prefix: string) => {
  const ids = h.events().filter((e) => e.event?.startsWith(prefix)).map((e) => e.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  return ids.length;
};

const pageErrors = (page: Page) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
};

test('worker: true — the queue runs in a worker started from a blob: URL; events arrive once', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(h.pageUrl({ flushAt: 20, surveys: false, worker: true }));
  await sdkReady(page);
  await trackMany(page, 'in-worker-', 30);
  await page.evaluate(() => (window as any).uptake.flush());
  // 30 tracked: 20 sent at flushAt, 10 by flush(); 30 stored once.
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('in-worker-'))).toEqual(names('in-worker-', 30));
  expect(storedOnce('in-worker-')).toBe(30);
  // One worker, from a blob: URL (uptake.js comes from the collector's origin, not the page's).
  expect(page.workers().map((w) => w.url().slice(0, 5))).toEqual(['blob:']);
  // The page did not fall back to running the queue itself.
  expect(await page.evaluate(() => typeof (window as any).__uptakeWorker)).toBe('undefined');
  expect(errors).toEqual([]);
});

test('a collector on the page\'s origin: the worker starts from /sdk/uptake-worker.js itself, without the option', async ({ page }) => {
  const same = await startSdkHarness({ allowedOrigins: ['*'] });
  try {
    // A page served on the collector's own origin (as behind an app's reverse proxy).
    await page.route(`${same.collector.url}/app`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>App</title><script async src="/sdk/uptake.js" data-write-key="wk_sdk"></script><h1>App</h1>' }),
    );
    const errors = pageErrors(page);
    await page.goto(`${same.collector.url}/app`);
    await sdkReady(page);
    await trackMany(page, 'same-origin-', 5);
    await page.evaluate(() => (window as any).uptake.flush());
    await expect.poll(() => trackedNames(same.events()).filter((n) => n.startsWith('same-origin-'))).toEqual(names('same-origin-', 5));
    expect(page.workers().map((w) => w.url())).toEqual([`${same.collector.url}/sdk/uptake-worker.js`]);
    expect(errors).toEqual([]);
  } finally {
    await same.close();
  }
});

test("a CSP without worker-src blob: — no worker; the same code runs on the page and delivers", async ({ page }) => {
  h.site.set('/csp', {
    body: await (await fetch(h.pageUrl())).text(),
    type: 'text/html',
    headers: { 'content-security-policy': "worker-src 'none'" },
  });
  const errors = pageErrors(page);
  await page.goto(h.pageUrl({ flushAt: 20, surveys: false, worker: true }, '/csp'));
  await sdkReady(page);
  await trackMany(page, 'no-worker-', 25);
  await page.evaluate(() => (window as any).uptake.flush());
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('no-worker-'))).toEqual(names('no-worker-', 25));
  expect(storedOnce('no-worker-')).toBe(25);
  expect(page.workers()).toEqual([]);
  expect(await page.evaluate(() => typeof (window as any).__uptakeWorker)).toBe('function');
  expect(errors).toEqual([]);
});

test('without the option a cross-origin collector gets no blob: worker (no CSP report): the same code runs on the page', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(h.pageUrl({ flushAt: 10, surveys: false }));
  await sdkReady(page);
  await trackMany(page, 'default-', 10);
  // 10 tracked at flushAt 10: one send, 10 stored once.
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('default-'))).toEqual(names('default-', 10));
  expect(storedOnce('default-')).toBe(10);
  expect(page.workers()).toEqual([]);
  expect(await page.evaluate(() => typeof (window as any).__uptakeWorker)).toBe('function');
  expect(errors).toEqual([]);
});

test('the worker file cannot run at all: flush() still resolves, no error reaches the page, events go with the page-hide send', async ({ page }) => {
  // A file that loads as a script but is not the worker (an older collector's answer, a proxy's page).
  await page.route('**/sdk/uptake-worker.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '/* not the worker */' }));
  const errors = pageErrors(page);
  await page.goto(h.pageUrl({ flushAt: 1000, flushIntervalMs: 60_000, surveys: false }));
  await sdkReady(page);
  await trackMany(page, 'no-file-', 3);
  expect(await page.evaluate(() => (window as any).uptake.flush().then(() => 'resolved'))).toBe('resolved');
  expect(trackedNames(h.events()).filter((n) => n.startsWith('no-file-'))).toEqual([]);
  await page.goto(`${h.site.origin}/other`);
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('no-file-'))).toEqual(names('no-file-', 3));
  expect(storedOnce('no-file-')).toBe(3);
  expect(errors).toEqual([]);
});

test('events the worker has not acknowledged survive closing the page (collector down): the next page sends each once', async ({ context }) => {
  const page = await context.newPage();
  // The worker's file never arrives: every event this page tracks stays unacknowledged.
  await page.route('**/sdk/uptake-worker.js', () => undefined);
  await page.goto(h.pageUrl(HOLD));
  await sdkReady(page);
  await h.collector.stop();
  await trackMany(page, 'unacked-', 40);
  // pagehide: the keepalive send fails (collector down); the page writes the 40 to IndexedDB itself.
  // (close() with runBeforeUnload does not wait: the next page must not start before this one is gone.)
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  await h.collector.restart();
  expect(trackedNames(h.events()).filter((n) => n.startsWith('unacked-'))).toEqual([]);

  const next = await context.newPage();
  await next.goto(h.pageUrl(HOLD));
  await sdkReady(next);
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('unacked-')), { timeout: 20_000 }).toEqual(names('unacked-', 40));
  expect(storedOnce('unacked-')).toBe(40);
});

test('closing the page right after a burst handed to a running worker: each event arrives once, later', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(h.pageUrl(HOLD));
  await sdkReady(page);
  await page.evaluate(() => (window as any).uptake.flush());
  await expect.poll(() => page.workers().length).toBe(1);
  await h.collector.stop();
  // The burst and the close in one go: the worker may or may not have stored it when the page hides.
  await trackMany(page, 'closed-', 100);
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  await h.collector.restart();

  const next = await context.newPage();
  await next.goto(h.pageUrl(HOLD));
  await sdkReady(next);
  await expect.poll(() => trackedNames(h.events()).filter((n) => n.startsWith('closed-')), { timeout: 20_000 }).toEqual(names('closed-', 100));
  expect(storedOnce('closed-')).toBe(100);
});
