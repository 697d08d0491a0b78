// trackClicks: only elements marked data-uptake-feature produce events, and nothing typed or shown
// on the page is sent.
import { expect, test } from '@playwright/test';
import { sdkReady, startSdkHarness, trackedNames, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('clicks: only data-uptake-feature elements produce events, with no input value or text', async ({ page }) => {
  const sentBodies: string[] = [];
  page.on('request', (r) => r.url().endsWith('/v1/batch') && sentBodies.push(r.postData() ?? ''));
  await page.goto(h.pageUrl({ surveys: false }));
  await sdkReady(page);

  await page.click('#export span'); // inside the marked button
  await page.click('#inner'); // a link deep inside a marked panel
  await page.click('#search'); // an unmarked input
  await page.fill('#search', 'typed-secret-query');
  await page.click('#plain'); // an unmarked button
  await page.click('#email'); // an input inside a marked form
  await page.fill('#email', 'typed@private.example');
  await page.evaluate(() => (window as any).uptake.flush());

  await expect.poll(() => trackedNames(h.events())).toEqual(['Filters Panel', 'Report Exported', 'Settings Form']);
  for (const event of h.events()) expect(event.properties).toEqual({});
  const everything = JSON.stringify(h.events()) + sentBodies.join('');
  for (const secret of ['secret', 'private', 'typed', 'Plain button', 'quarterly', 'region']) expect(everything).not.toContain(secret);
});

test('trackClicks: false sends nothing for clicks', async ({ page }) => {
  const before = h.events().length;
  await page.goto(h.pageUrl({ surveys: false, trackClicks: false }));
  await sdkReady(page);
  await page.click('#export');
  await page.evaluate(() => {
    (window as any).uptake.track('Marker');
    return (window as any).uptake.flush();
  });
  await expect.poll(() => h.events().length).toBe(before + 1);
  expect(h.events().at(-1)!.event).toBe('Marker');
});
