// The SDK side of surveys: it asks GET /v1/surveys on load and after identify/group, downloads the
// widget only when a due survey's trigger fires, and shows at most one survey at a time.
import { expect, test, type Page } from '@playwright/test';
import { sdkReady, startSdkHarness, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(
  async () =>
    (h = await startSdkHarness({
      throttle: { globalCooldownDays: 0, maxPromptsPerAccountPerWeek: 100 },
      surveys: [
        { id: 'csat-delayed', kind: 'csat', question: 'How satisfied are you with this page?', targeting: { urlContains: '/delayed', trigger: { delaySeconds: 1 } } },
        { id: 'nps-manual', kind: 'nps', question: 'How likely are you to recommend us?', targeting: { urlContains: '/manual', trigger: { event: 'Never Happens' } } },
        { id: 'nps-pro', kind: 'nps', question: 'Would a pro account recommend us?', targeting: { urlContains: '/reports', accountTraits: { plan: ['pro'] }, trigger: { event: 'Report Exported' } } },
      ],
    })),
);
test.afterAll(() => h.close());

/** Counts the page's requests for the widget bundle and for eligibility. */
function watch(page: Page) {
  const seen = { widget: 0, eligibility: [] as URL[] };
  page.on('request', (r) => {
    if (r.url().endsWith('/sdk/uptake-surveys.js')) seen.widget++;
    if (r.url().includes('/v1/surveys?')) seen.eligibility.push(new URL(r.url()));
  });
  return seen;
}

test('a page with nothing due never downloads the widget', async ({ page }) => {
  const seen = watch(page);
  const answer = page.waitForResponse((r) => r.url().includes('/v1/surveys?'));
  await page.goto(h.pageUrl());
  expect(await (await answer).json()).toEqual({ surveys: [], experiments: [] });
  await page.evaluate(() => {
    (window as any).uptake.track('Report Exported');
    return (window as any).uptake.flush();
  });
  expect(seen.widget).toBe(0);
  expect(await page.locator('uptake-survey').count()).toBe(0);
});

test('a delaySeconds trigger shows the survey after the delay, without any event', async ({ page }) => {
  const seen = watch(page);
  const answer = page.waitForResponse((r) => r.url().includes('/v1/surveys?'));
  await page.goto(h.pageUrl(undefined, '/delayed'));
  const listedAt = Date.now();
  expect((await (await answer).json()).surveys.map((s: { id: string }) => s.id)).toEqual(['csat-delayed']);
  expect(seen.widget).toBe(0);
  await expect(page.getByRole('dialog', { name: 'How satisfied are you with this page?' })).toBeVisible();
  expect(Date.now() - listedAt).toBeGreaterThanOrEqual(900);
  expect(seen.widget).toBe(1);
});

test('showSurvey(id) shows an eligible survey at once, ignoring its trigger, and refuses others', async ({ page }) => {
  await page.goto(h.pageUrl(undefined, '/manual'));
  await sdkReady(page);
  expect(await page.evaluate(() => (window as any).uptake.showSurvey('no-such-survey'))).toBe(false);
  expect(await page.evaluate(() => (window as any).uptake.showSurvey('nps-manual'))).toBe(true);
  await expect(page.getByRole('dialog', { name: 'How likely are you to recommend us?' })).toBeVisible();
  // At most one survey at a time.
  expect(await page.evaluate(() => (window as any).uptake.showSurvey('nps-manual'))).toBe(false);
  await expect(page.locator('uptake-survey')).toHaveCount(1);
});

test('identify and group ask again with the new ids, after sending them, so account targeting applies', async ({ page }) => {
  const seen = watch(page);
  await page.goto(h.pageUrl(undefined, '/reports'));
  await sdkReady(page);
  await expect.poll(() => seen.eligibility.length).toBe(1);
  expect(seen.eligibility[0].searchParams.get('groupId')).toBeNull();

  const answer = page.waitForResponse((r) => r.url().includes('groupId=acct-pro'));
  await page.evaluate(() => {
    (window as any).uptake.identify('user-pro');
    (window as any).uptake.group('acct-pro', { plan: 'pro' });
  });
  // Both calls are coalesced into one request carrying both ids.
  expect((await (await answer).json()).surveys.map((s: { id: string }) => s.id)).toEqual(['nps-pro']);
  expect(seen.eligibility).toHaveLength(2);
  expect(seen.eligibility[1].searchParams.get('userId')).toBe('user-pro');
  expect(seen.widget).toBe(0);

  await page.click('#export'); // data-uptake-feature="Report Exported": the trigger
  await expect(page.getByRole('dialog', { name: 'Would a pro account recommend us?' })).toBeVisible();
  expect(seen.widget).toBe(1);
  await page.evaluate(() => (window as any).uptake.flush());
  await expect.poll(() => h.events().filter((e) => e.event === '$survey_shown' && e.properties?.surveyId === 'nps-pro').length).toBe(1);
});
