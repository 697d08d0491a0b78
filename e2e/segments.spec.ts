// SPEC §10 in the dashboard, in a real Chromium against a real collector: choosing a segment changes
// every view, the segment survives a reload through the URL, and the account page shows the health
// history chart. Screenshots are attached to the test results and kept in e2e/artifacts.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startCollector, type RunningCollector } from './support/collector.js';

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const SECRET_KEY = 'sk_segments_e2e_secret';
const WRITE_KEY = 'wk_segments_e2e';
const DAY_MS = 86_400_000;

const CONFIG = {
  projects: [{
    id: 'seg', name: 'Segments journey', writeKey: WRITE_KEY, secretKey: SECRET_KEY, allowedOrigins: [],
    features: [
      { key: 'exports', name: 'Export reports', events: ['Report Exported'], core: true },
      { key: 'dashboards', name: 'Dashboards', events: ['Dashboard Viewed'], core: true },
    ],
  }],
};

/**
 * acme (pro): alice exports and views dashboards on several days; initech (enterprise): dave exports;
 * globex (trial): carol views a page; oldco (pro) was active 40 days ago only, so it churned from the
 * default 30-day window. Export reports: acme and initech of 3 active accounts (67 %); with plan=pro,
 * acme of 1 (100 %).
 */
function dataset(now: number) {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  const events: Record<string, unknown>[] = [];
  const add = (event: Record<string, unknown>) => events.push({ messageId: randomUUID(), ...event });
  const group = (userId: string, groupId: string, traits: Record<string, unknown>, daysAgo: number) => add({ type: 'group', userId, groupId, traits, timestamp: at(daysAgo) });
  const track = (userId: string, groupId: string, event: string, daysAgo: number) => add({ type: 'track', userId, groupId, event, timestamp: at(daysAgo) });
  group('alice', 'acme', { name: 'Acme', plan: 'pro', seats: 5, mrr: 500 }, 70);
  group('dave', 'initech', { name: 'Initech', plan: 'enterprise', seats: 20, mrr: 2000 }, 20);
  group('carol', 'globex', { name: 'Globex', plan: 'trial', seats: 3 }, 20);
  group('olga', 'oldco', { name: 'Oldco', plan: 'pro', seats: 4, mrr: 300 }, 45);
  for (const d of [60, 45, 25, 18, 11, 4, 1]) track('alice', 'acme', d % 2 ? 'Dashboard Viewed' : 'Report Exported', d);
  track('alice', 'acme', 'Report Exported', 3);
  track('dave', 'initech', 'Report Exported', 12);
  track('dave', 'initech', 'Dashboard Viewed', 2);
  add({ type: 'page', userId: 'carol', groupId: 'globex', name: 'Home', timestamp: at(9) });
  track('olga', 'oldco', 'Report Exported', 40);
  return events;
}

const metric = (page: Page, label: string) => page.locator('.metric-card', { has: page.locator('.metric-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.metric-value');

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  const path = join(ARTIFACTS, `segments-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

let collector: RunningCollector;

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  collector = await startCollector(CONFIG);
  expect((await fetch(`${collector.url}/dashboard`)).status, 'the dashboard is not built: run `npm run build` first').toBe(200);
  const batch = dataset(Date.now());
  const response = await fetch(`${collector.url}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ writeKey: WRITE_KEY, batch }) });
  expect(response.status).toBe(200);
});
test.afterAll(async () => {
  await collector?.dispose();
});

test('a segment changes every view, survives a reload through the URL, and the account page shows health history', async ({ page }, info) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) problems.push(m.text()); });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${collector.url}/dashboard`);
  await page.getByLabel('Secret key').fill(SECRET_KEY);
  await page.getByRole('button', { name: 'Open dashboard' }).click();

  // Every account: 3 active, with sparklines on the headline cards.
  await expect(metric(page, 'Active accounts')).toHaveText('3');
  await expect(page.locator('.metric-card .sparkline canvas').first()).toBeVisible();
  await shot(page, info, 'overview-all');

  // Choose plan = pro: the overview, the URL and the accounts table follow.
  await page.locator('.segment-bar select[name="plan"]').selectOption('pro');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\?plan=pro#?/);
  await expect(metric(page, 'Active accounts')).toHaveText('1');
  await expect(page.locator('.accounts-card tbody tr')).toHaveCount(1);
  await shot(page, info, 'overview-pro');

  // A reload keeps the segment (it is in the URL).
  await page.reload();
  await expect(metric(page, 'Active accounts')).toHaveText('1');
  await expect(page.locator('.segment-bar select[name="plan"]')).toHaveValue('pro');

  // The features view follows: Export reports is acme's alone → 100 % of the segment's 1 account.
  await page.getByRole('link', { name: 'Features' }).click();
  const exports = page.locator('.chart-feature-trend', { hasText: 'Export reports' });
  await expect(exports.locator('.card-header p')).toContainText('100% of active accounts');
  await expect(exports.locator('canvas').first()).toBeVisible();
  await expect(page).toHaveURL(/\?plan=pro#\/features$/);

  // The churn view follows: oldco (pro) churned.
  await page.getByRole('link', { name: 'Churn' }).click();
  await expect(page.locator('.churned-accounts tbody tr')).toHaveCount(1);
  await expect(page.locator('.churned-accounts tbody tr')).toContainText('Oldco');
  await shot(page, info, 'churn-pro');

  // A segment without oldco: nobody churned; the features view shows the trial account's (none).
  await page.locator('.segment-bar select[name="plan"]').selectOption('trial');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('No account churned in this window.')).toBeVisible();
  await page.getByRole('link', { name: 'Features' }).click();
  await expect(page.locator('.chart-feature-trend', { hasText: 'Export reports' }).locator('.card-header p')).toContainText('0% of active accounts');

  // Clear: every account again (Export reports: acme and initech of 3).
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.locator('.chart-feature-trend', { hasText: 'Export reports' }).locator('.card-header p')).toContainText('67% of active accounts');

  // The account page shows the health history chart.
  await page.goto(`${collector.url}/dashboard?plan=pro#/accounts/acme`);
  await expect(page.locator('.chart-health-history canvas').first()).toBeVisible();
  await expect(page.locator('.chart-health-history table caption')).toHaveText('Health by week');
  await shot(page, info, 'account-health-history');
  expect(problems).toEqual([]);
});
