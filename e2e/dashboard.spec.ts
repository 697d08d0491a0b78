// The PM's journey through GET /dashboard in a real Chromium against a real collector: enter the
// secret key, read the overview (cards, charts, accounts table), open an account, change the
// window; hostile names and comments stay text; nothing breaks the strict CSP.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startCollector, type RunningCollector } from './support/collector.js';

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const SECRET_KEY = 'sk_dashboard_e2e_secret';
const WRITE_KEY = 'wk_dashboard_e2e';
const XSS_EVENT = '<img src=x onerror=alert(1)>';
const HTML_ACCOUNT = 'Acme <b>Bold</b> & <script>alert("acct")</script>';
const HTML_COMMENT = 'Love the exports <img src=x onerror=alert(2)>';

const CONFIG = {
  projects: [
    {
      id: 'dash',
      name: 'Dashboard journey',
      writeKey: WRITE_KEY,
      secretKey: SECRET_KEY,
      allowedOrigins: [],
      features: [
        { key: 'reports.export', name: 'Export reports', events: ['Report Exported'], core: true },
        { key: 'dashboards', name: 'Dashboards', events: ['Dashboard Viewed'], core: true },
      ],
      activation: { events: ['Report Exported'] },
      surveys: [{ id: 'nps-2026', kind: 'nps', question: 'How likely are you to recommend us?', targeting: { sampleRate: 1 } }],
    },
  ],
};

const DAY_MS = 86_400_000;

/**
 * Three accounts, five users, all active in the last 30 days:
 * - acme (pro, 10 seats, mrr 500): alice uses Export reports, Dashboards and the hostile event; bob uses Dashboards
 * - globex (trial, 5 seats, mrr 100): carol only views a page, 15 days ago (inactive in the last 7 days)
 * - initech (enterprise, 20 seats, mrr 2000): dave uses Export reports and Dashboards, erin Dashboards
 * NPS answers: alice 10, dave 9, carol 3 → 2 promoters, 1 detractor, 3 responses → NPS = +33.
 * Adoption by account: Export reports 2/3, Dashboards 2/3, the hostile event 1/3.
 */
function dataset(now: number) {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  const events: Record<string, unknown>[] = [];
  const add = (event: Record<string, unknown>) => events.push({ messageId: randomUUID(), ...event });
  const accounts = [
    { groupId: 'acme', traits: { name: HTML_ACCOUNT, plan: 'pro', seats: 10, mrr: 500 }, users: ['alice', 'bob'] },
    { groupId: 'globex', traits: { name: 'Globex', plan: 'trial', seats: 5, mrr: 100 }, users: ['carol'] },
    { groupId: 'initech', traits: { name: 'Initech', plan: 'enterprise', seats: 20, mrr: 2000 }, users: ['dave', 'erin'] },
  ];
  for (const account of accounts) {
    for (const userId of account.users) {
      const name = userId === 'bob' ? XSS_EVENT : userId.charAt(0).toUpperCase() + userId.slice(1);
      add({ type: 'identify', userId, timestamp: at(20), traits: { email: `${userId}@example.com`, name, role: userId === 'alice' ? 'admin' : 'member' } });
      add({ type: 'group', userId, groupId: account.groupId, timestamp: at(20), traits: account.traits });
    }
  }
  const track = (userId: string, groupId: string, event: string, daysAgo: number, properties: Record<string, unknown> = {}) =>
    add({ type: 'track', userId, groupId, event, properties, timestamp: at(daysAgo) });
  track('alice', 'acme', 'Report Exported', 18);
  track('alice', 'acme', 'Dashboard Viewed', 10);
  track('alice', 'acme', XSS_EVENT, 3);
  track('bob', 'acme', 'Dashboard Viewed', 2);
  add({ type: 'page', userId: 'carol', groupId: 'globex', name: 'Home', timestamp: at(15) });
  track('dave', 'initech', 'Report Exported', 12);
  track('dave', 'initech', 'Dashboard Viewed', 1);
  track('erin', 'initech', 'Dashboard Viewed', 9);
  const answer = (userId: string, groupId: string, score: number, comment: string, daysAgo: number) => {
    const responseId = randomUUID();
    track(userId, groupId, '$survey_shown', daysAgo, { surveyId: 'nps-2026', kind: 'nps' });
    track(userId, groupId, '$survey_answered', daysAgo, { surveyId: 'nps-2026', kind: 'nps', responseId, score, comment });
  };
  answer('alice', 'acme', 10, HTML_COMMENT, 5);
  answer('dave', 'initech', 9, 'Solid and fast', 4);
  answer('carol', 'globex', 3, 'Too slow', 14);
  return events;
}

interface Watch {
  dialogs: string[];
  problems: string[];
}

/** Records dialogs (an executed payload would open one), CSP violations and page errors. */
async function watch(page: Page): Promise<Watch> {
  const seen: Watch = { dialogs: [], problems: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) seen.problems.push(`console: ${message.text()}`);
    if (/Content Security Policy/i.test(message.text())) seen.problems.push(`CSP: ${message.text()}`);
  });
  // Init scripts run outside the page's CSP; the listener reports violations the console may not.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return seen;
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/dashboard`);
  await page.getByLabel('Secret key').fill(SECRET_KEY);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await expect(page.locator('.accounts-card tbody tr')).toHaveCount(3);
}

const metric = (page: Page, label: string) => page.locator('.metric-card', { has: page.locator('.metric-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.metric-value');

let collector: RunningCollector;

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  collector = await startCollector(CONFIG);
  const built = await fetch(`${collector.url}/dashboard`);
  expect(built.status, 'the dashboard is not built: run `npm run build` first').toBe(200);
  const batch = dataset(Date.now());
  const response = await fetch(`${collector.url}/v1/batch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ writeKey: WRITE_KEY, batch }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ accepted: batch.length, rejected: [] });
});

test.afterAll(async () => {
  await collector?.dispose();
});

test.describe('dashboard', () => {
  test('shows the overview, charts and accounts table with the secret key', async ({ page }) => {
    const seen = await watch(page);
    await page.setViewportSize({ width: 1366, height: 900 });
    await signIn(page, collector.url);

    await expect(metric(page, 'Active accounts')).toHaveText('3');
    await expect(metric(page, 'Active users')).toHaveText('5');
    await expect(metric(page, 'NPS')).toHaveText('+33');
    await expect(metric(page, 'MRR')).toHaveText('2,600');
    // CSAT has no responses: shown as a dash, never as 0.
    await expect(metric(page, 'CSAT')).toHaveText('—');

    await expect(page.locator('.chart-trend canvas').first()).toBeVisible();
    await expect(page.locator('.chart-health .health-bucket')).toHaveCount(10);
    await expect(page.locator('.chart-features .bar-row', { hasText: 'Export reports' }).locator('.bar-value')).toHaveText('67% · 2 accts');
    await expect(page.locator('.chart-retention table.heatmap tbody tr').first()).toBeVisible();
    await expect(page.locator('.accounts-card .badge.health')).toHaveCount(3);
    await expect(page.getByText('Too slow')).toBeVisible();

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview-desktop.png'), fullPage: true });
    expect(seen.dialogs).toEqual([]);
    expect(seen.problems).toEqual([]);
  });

  test('sorts the accounts table by a clicked header', async ({ page }) => {
    await signIn(page, collector.url);
    const firstAccount = page.locator('.accounts-card tbody tr').first().locator('td').first().locator('a');
    const mrrHeader = page.locator('.accounts-card th', { hasText: 'MRR' });
    await mrrHeader.getByRole('button').click();
    await expect(mrrHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(firstAccount).toHaveText('Initech');
    await mrrHeader.getByRole('button').click();
    await expect(mrrHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(firstAccount).toHaveText('Globex');
    await page.locator('.accounts-card th', { hasText: 'Account' }).getByRole('button').click();
    await expect(firstAccount).toHaveText(HTML_ACCOUNT);
  });

  test('renders hostile event names, account names, traits and comments as text', async ({ page }) => {
    const seen = await watch(page);
    await signIn(page, collector.url);
    await expect(page.locator('.chart-features .bar-name', { hasText: XSS_EVENT })).toBeVisible();
    await expect(page.locator('.accounts-card a', { hasText: HTML_ACCOUNT })).toBeVisible();
    await expect(page.getByText(HTML_COMMENT)).toBeVisible();
    // Parsed as HTML these would have become elements.
    await expect(page.locator('#app img, #app script, #app b')).toHaveCount(0);

    await page.locator('.accounts-card a', { hasText: HTML_ACCOUNT }).click();
    await expect(page.locator('.account-name')).toHaveText(HTML_ACCOUNT);
    await expect(page.locator('.data-table td', { hasText: XSS_EVENT }).first()).toBeVisible();
    await expect(page.locator('#app img, #app script, #app b')).toHaveCount(0);
    expect(seen.dialogs).toEqual([]);
    expect(seen.problems).toEqual([]);
  });

  test('opens an account page with its features, users, trend and comments', async ({ page }) => {
    const seen = await watch(page);
    await page.setViewportSize({ width: 1366, height: 900 });
    await signIn(page, collector.url);
    await page.locator('.accounts-card tbody tr', { hasText: 'Initech' }).locator('td').nth(2).click();
    await expect(page).toHaveURL(/#\/accounts\/initech$/);
    await expect(page.locator('.account-name')).toHaveText('Initech');
    const features = page.locator('.card', { has: page.getByRole('heading', { name: 'Features' }) });
    await expect(features.locator('tr', { hasText: 'Export reports' }).locator('.badge.adopted')).toBeVisible();
    await expect(features.locator('tr', { hasText: XSS_EVENT }).locator('.badge.not-adopted')).toBeVisible();
    const users = page.locator('.card', { has: page.getByRole('heading', { name: 'Users' }) });
    await expect(users.locator('tbody tr')).toHaveCount(2);
    await expect(users.getByText('dave@example.com')).toBeVisible();
    await expect(page.locator('.chart-trend canvas').first()).toBeVisible();
    await expect(page.getByText('Solid and fast')).toBeVisible();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-account-desktop.png'), fullPage: true });

    await page.getByRole('link', { name: '← All accounts' }).click();
    await expect(page.locator('.accounts-card tbody tr')).toHaveCount(3);
    await page.goto(`${collector.url}/dashboard#/accounts/no-such-account`);
    await expect(page.getByText('No account “no-such-account” is known to this project.')).toBeVisible();
    expect(seen.dialogs).toEqual([]);
    expect(seen.problems.filter((problem) => !/status of 404/.test(problem))).toEqual([]);
  });

  test('asks for the reports of the chosen window', async ({ page }) => {
    await signIn(page, collector.url);
    const request = page.waitForRequest((req) => req.url().includes('/v1/reports/overview?'));
    await page.getByRole('button', { name: '7 days' }).click();
    const url = new URL((await request).url());
    const from = Date.parse(url.searchParams.get('from')!);
    const to = Date.parse(url.searchParams.get('to')!);
    expect((to - from) / DAY_MS).toBe(7);
    expect(to).toBe((Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS);
    await expect(page.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true');
    // Globex was last active 15 days ago: outside the last 7 days.
    await expect(page.locator('.accounts-card tbody tr')).toHaveCount(2);
    await expect(metric(page, 'Active accounts')).toHaveText('2');
  });

  test('a wrong key, the write key or a revoked key returns to the key prompt', async ({ page }) => {
    await page.goto(`${collector.url}/dashboard`);
    for (const key of ['sk_wrong_key_123', WRITE_KEY]) {
      await page.getByLabel('Secret key').fill(key);
      await page.getByRole('button', { name: 'Open dashboard' }).click();
      await expect(page.getByRole('alert')).toHaveText(/not accepted/);
      await expect(page.getByLabel('Secret key')).toBeVisible();
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    }

    await page.getByLabel('Secret key').fill(SECRET_KEY);
    await page.getByRole('button', { name: 'Open dashboard' }).click();
    await expect(page.locator('.accounts-card tbody tr')).toHaveCount(3);
    // The key changes while the tab is open: the next load is refused and the prompt comes back.
    await page.evaluate(() => sessionStorage.setItem('uptake.dashboard.secretKey', 'sk_rotated_away_1'));
    await page.reload();
    await expect(page.getByRole('alert')).toHaveText(/not accepted/);
    await expect(page.getByLabel('Secret key')).toBeVisible();

    // Lock forgets the key in this tab.
    await page.getByLabel('Secret key').fill(SECRET_KEY);
    await page.getByRole('button', { name: 'Open dashboard' }).click();
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByLabel('Secret key')).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.getItem('uptake.dashboard.secretKey'))).toBeNull();
  });

  test('has no serious accessibility problems on the key prompt, overview and account page', async ({ page }) => {
    const audit = async () => {
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    };
    await page.goto(`${collector.url}/dashboard`);
    await expect(page.getByLabel('Secret key')).toBeVisible();
    expect(await audit()).toEqual([]);
    await signIn(page, collector.url);
    await expect(page.locator('.chart-trend canvas').first()).toBeVisible();
    expect(await audit()).toEqual([]);
    await page.locator('.accounts-card a', { hasText: 'Initech' }).click();
    await expect(page.locator('.account-name')).toHaveText('Initech');
    expect(await audit()).toEqual([]);
  });

  test('fits a phone screen', async ({ page }) => {
    const seen = await watch(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, collector.url);
    await expect(page.locator('.chart-trend canvas').first()).toBeVisible();
    // Wide tables scroll inside their card; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview-mobile.png'), fullPage: true });
    expect(seen.problems).toEqual([]);
  });
});
