// Experiments in a real Chromium (SPEC §12): uptake.variant(key) gives the same variant as the
// server's GET /v1/experiments/assign, answers synchronously from the kept definitions on a later
// page load before the network answers, and tracks one $experiment_exposure per page load.
import { expect, test, type Page } from '@playwright/test';
import { sdkReady, startSdkHarness, WRITE_KEY, type SdkHarness } from './support/sdk-harness.js';

const variants = [{ key: 'control', weight: 50 }, { key: 'one-click', weight: 50 }];
let h: SdkHarness;
test.beforeAll(
  async () =>
    (h = await startSdkHarness({
      experiments: [
        { key: 'new-export', unit: 'account', variants, metrics: ['activeUsers'], start: '2020-01-01' },
        { key: 'onboarding', unit: 'user', variants: [{ key: 'short', weight: 30 }, { key: 'long', weight: 70 }], start: '2020-01-01' },
        { key: 'paused', unit: 'account', active: false, variants, start: '2020-01-01' },
      ],
    })),
);
test.afterAll(() => h.close());

/** The server's assignments for these ids. */
async function serverAssign(ids: Record<string, string>): Promise<Record<string, string | null>> {
  const res = await fetch(`${h.collector.url}/v1/experiments/assign?${new URLSearchParams({ writeKey: WRITE_KEY, ...ids })}`);
  expect(res.status).toBe(200);
  return (await res.json()).assignments;
}

/** Loads the page and waits until the SDK has the definitions from /v1/surveys. */
async function load(page: Page, path = '/') {
  const answer = page.waitForResponse((r) => r.url().includes('/v1/surveys?'));
  await page.goto(h.pageUrl(undefined, path));
  await sdkReady(page);
  await answer;
}

const variantOf = (page: Page, key: string) => page.evaluate((k) => (window as any).uptake.variant(k), key);
const exposures = () => h.events().filter((e) => e.event === '$experiment_exposure');

test('the SDK and the server give the same variant for every account and user', async ({ page }) => {
  await load(page);
  const anonymousId = await page.evaluate(() => localStorage.getItem('uptake.aid')!);
  // No account yet: the account experiment is null, the user experiment assigned by anonymousId.
  expect(await variantOf(page, 'new-export')).toBeNull();
  expect(await variantOf(page, 'onboarding')).toBe((await serverAssign({ anonymousId }))['onboarding']);
  const seen = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const account = `acct-${i}`;
    await page.evaluate((a) => (window as any).uptake.group(a), account);
    const fromSdk = await variantOf(page, 'new-export');
    const fromServer = await serverAssign({ groupId: account, anonymousId });
    expect(fromSdk, account).toBe(fromServer['new-export']);
    seen.add(fromSdk);
  }
  // 12 accounts over a 50/50 split: both variants appear (all-one-side has probability 2 · 2^−12).
  expect([...seen].sort()).toEqual(['control', 'one-click']);
  await page.evaluate(() => (window as any).uptake.identify('user-42'));
  expect(await variantOf(page, 'onboarding')).toBe((await serverAssign({ userId: 'user-42', anonymousId }))['onboarding']);
  // Inactive and unknown experiments: null, never an exception.
  expect(await variantOf(page, 'paused')).toBeNull();
  expect(await variantOf(page, 'no-such-experiment')).toBeNull();
  expect(await page.evaluate(() => (window as any).uptake.variant(undefined))).toBeNull();
});

test('a later page load knows the definitions before the network answers, and exposes once per load', async ({ page }) => {
  await load(page);
  await page.evaluate(() => (window as any).uptake.group('acme'));
  const expected = (await serverAssign({ groupId: 'acme' }))['new-export'];
  expect(await variantOf(page, 'new-export')).toBe(expected);
  expect(await variantOf(page, 'new-export')).toBe(expected);
  await page.evaluate(() => (window as any).uptake.flush());

  // Second load with /v1/surveys held back: variant() answers at once from storage.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/v1/surveys?**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(h.pageUrl(undefined, '/reports'));
  await sdkReady(page);
  expect(await variantOf(page, 'new-export')).toBe(expected);
  release();
  await page.evaluate(() => (window as any).uptake.flush());

  // One exposure per page load: two loads, four calls → two events, each {experiment, variant}.
  await expect.poll(() => exposures().filter((e) => e.groupId === 'acme').length).toBe(2);
  for (const e of exposures().filter((x) => x.groupId === 'acme')) {
    expect(e.properties).toEqual({ experiment: 'new-export', variant: expected });
  }
});

test('the dashboard draws each difference with its interval and says when there is not enough data', async ({ page }) => {
  // 40 accounts exposed half and half to new-export, one-click ones using the export more often; one account in 'onboarding'.
  const now = Date.now();
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < 40; i++) {
    const variant = i % 2 ? 'one-click' : 'control';
    const base = { userId: `dash-u${i}`, groupId: `dash-a${i}`, timestamp: new Date(now - 60_000).toISOString() };
    batch.push({ ...base, type: 'track', messageId: `dash-x${i}`, event: '$experiment_exposure', properties: { experiment: 'new-export', variant } });
    for (let k = 0; k < (variant === 'one-click' ? 3 : 1) + (i % 5); k++) batch.push({ ...base, type: 'page', messageId: `dash-p${i}-${k}`, userId: `dash-u${i}-${k}`, name: 'Reports' });
  }
  batch.push({ type: 'track', messageId: 'dash-onb', userId: 'solo', event: '$experiment_exposure', timestamp: new Date(now - 60_000).toISOString(), properties: { experiment: 'onboarding', variant: 'long' } });
  const res = await fetch(`${h.collector.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey: WRITE_KEY, batch }) });
  expect((await res.json()).accepted).toBe(batch.length);

  await page.goto(`${h.collector.url}/dashboard#/experiments`);
  await page.getByLabel('Secret key').fill('sk_sdk_secret_value');
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Experiments', level: 1 })).toBeVisible();
  // new-export: an interval is drawn for activeUsers (one-click vs control), labelled with its numbers.
  await expect(page.locator('svg.interval-chart[aria-label*="95 % interval"]')).toHaveCount(1);
  // onboarding: one user exposed: plainly not enough data; paused: no exposures.
  await expect(page.getByText(/Not enough data to compare yet: \d+ users? exposed/)).toBeVisible();
  await expect(page.getByText(/No exposures yet/).first()).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/experiments-dashboard.png', fullPage: true });
});
