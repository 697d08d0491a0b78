// The first five minutes, in a real Chromium against the real `npm start` (seeded, temp data dir,
// free port): a user signs in to the Ledgerly demo app, uses two features and answers the NPS prompt;
// then a PM opens the dashboard, enters the key and finds that account with those features adopted
// and that answer counted. Screenshots of both land in e2e/artifacts/.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/collector.js';

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const SECRET = 'sk_demo_change_me';
const NPS_QUESTION = 'How likely are you to recommend Ledgerly to a colleague?';
const COMMENT = 'Sending invoices takes seconds';

interface LaunchedStart {
  url: string;
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Runs `node scripts/start.mjs ...args` (what `npm start` runs) and waits for its printed URLs. */
function launchStart(args: string[], timeoutMs: number): Promise<LaunchedStart> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: undefined, UPTAKE_DB: undefined, UPTAKE_CONFIG: undefined, UPTAKE_DATA_DIR: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start printed no URLs within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/Demo app\s+(http:\/\/\S+?)\/app\//);
      if (!match || !out.includes('Press Ctrl-C')) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        stop: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before printing its URLs:\n${out}`));
    });
  });
}

let dir: string;
let demo: LaunchedStart;

/** The async script tag has loaded the SDK (a user is never faster than that; clicks before it go untracked). */
async function sdkReady(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof (window as unknown as { uptake?: { track?: unknown } }).uptake?.track === 'function');
}

/** Follows a link of the app's navigation and waits for the new page's SDK. */
async function open(page: Page, link: string): Promise<void> {
  await page.getByRole('link', { name: link }).click();
  await page.waitForURL(`**/app/${link.toLowerCase()}.html`);
  await sdkReady(page);
}

/** Records page errors and CSP violations (the demo app runs under script-src 'self'; style-src 'self'). */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return problems;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'uptake-demo-e2e-'));
  demo = await launchStart(['--data-dir', dir, '--port', '0', '--accounts', '12'], 110_000);
});

test.afterAll(async () => {
  if (demo) expect(await demo.stop('SIGINT')).toBe(0);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a user uses two features and answers NPS in the demo app; a PM finds it all in the dashboard', async ({ browser }) => {
  // ---- the customer's user, in the demo app ----
  const user = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const userProblems = await watch(user);
  await user.goto(`${demo.url}/app/`);
  await user.getByRole('button', { name: /Alice Moreno/ }).click();
  await user.waitForURL('**/app/invoices.html');
  await sdkReady(user);
  await expect(user.locator('#account-bar')).toContainText('Acme Corp');

  // Feature 1, tracked by the SDK from data-uptake-feature.
  const rows = user.locator('#invoice-rows tr');
  await expect(rows).toHaveCount(4);
  await user.getByRole('button', { name: 'New invoice' }).click();
  await expect(rows).toHaveCount(5);

  // Feature 2, an explicit uptake.track; it is also the NPS survey's trigger.
  const eligibility = user.waitForResponse((r) => r.url().includes('/v1/surveys?') && r.url().includes('userId=acme-alice'));
  await open(user, 'Reports');
  const due = (await (await eligibility).json()) as { surveys: { id: string }[] };
  expect(due.surveys.map((s) => s.id)).toContain('nps-2026');
  await user.getByRole('button', { name: 'Export CSV' }).click();

  const dialog = user.getByRole('dialog', { name: NPS_QUESTION });
  await expect(dialog).toBeVisible();
  await user.screenshot({ path: join(ARTIFACTS, 'demo-journey-app.png') });
  await dialog.getByRole('radio', { name: '9', exact: true }).click();
  await user.getByRole('textbox', { name: 'What do you value most?' }).fill(COMMENT);
  await user.getByRole('button', { name: 'Send' }).click();
  await expect(user.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  await expect(user.locator('uptake-survey')).toHaveCount(0);
  await user.evaluate(() => (window as unknown as { uptake: { flush(): Promise<void> } }).uptake.flush());
  expect(userProblems).toEqual([]);

  // ---- the PM, in the dashboard ----
  const pm = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const pmProblems = await watch(pm);
  await pm.goto(`${demo.url}/dashboard`);
  await pm.getByLabel('Secret key').fill(SECRET);
  await pm.getByRole('button', { name: 'Open dashboard' }).click();
  const acmeRow = pm.locator('.accounts-card tbody tr', { hasText: 'Acme Corp' });
  await expect(acmeRow).toHaveCount(1);
  // The seeded accounts are there too: a full table, not just ours.
  expect(await pm.locator('.accounts-card tbody tr').count()).toBeGreaterThan(8);
  await acmeRow.getByRole('link', { name: 'Acme Corp' }).click();
  await expect(pm).toHaveURL(/#\/accounts\/acme$/);
  await expect(pm.locator('.account-name')).toHaveText('Acme Corp');

  const features = pm.locator('.card', { has: pm.getByRole('heading', { name: 'Features' }) });
  await expect(features.locator('tr', { hasText: 'Create invoices' }).locator('.badge.adopted')).toBeVisible();
  await expect(features.locator('tr', { hasText: 'Export reports' }).locator('.badge.adopted')).toBeVisible();
  await expect(features.locator('tr', { hasText: 'Send invoices' }).locator('.badge.not-adopted')).toBeVisible();

  // One promoter answer counted: account NPS +100, and the comment is shown.
  const nps = pm.locator('.metric-card', { has: pm.locator('.metric-label', { hasText: /^NPS$/ }) }).locator('.metric-value');
  await expect(nps).toHaveText('+100');
  await expect(pm.getByText(COMMENT)).toBeVisible();
  await pm.screenshot({ path: join(ARTIFACTS, 'demo-journey-dashboard.png'), fullPage: true });
  expect(pmProblems).toEqual([]);

  // The same through the API: the account row counts that one NPS response.
  const res = await fetch(`${demo.url}/v1/reports/accounts/acme`, { headers: { Authorization: `Bearer ${SECRET}` } });
  const acme = await res.json();
  expect(acme).toMatchObject({ accountId: 'acme', name: 'Acme Corp', plan: 'pro', seats: 25, mrr: 1230, nps: 100, responses: 1, activeUsers: 1 });
});

test('every feature of the demo app sends its event (no email leaves the page), and a CSAT answer by keyboard counts', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await watch(page);
  const sent: string[] = [];
  page.on('request', (r) => r.url().endsWith('/v1/batch') && sent.push(r.postData() ?? ''));

  await page.goto(`${demo.url}/app/`);
  await sdkReady(page);
  const axeSignIn = await new AxeBuilder({ page }).analyze();
  expect(axeSignIn.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.getByRole('button', { name: /Frank Osei/ }).click();
  await page.waitForURL('**/app/invoices.html');
  await sdkReady(page);
  const axeApp = await new AxeBuilder({ page }).exclude('uptake-survey').analyze();
  expect(axeApp.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await page.getByRole('button', { name: 'New invoice' }).click();
  await page.getByRole('button', { name: 'Make recurring' }).click();
  const firstRow = page.locator('#invoice-rows tr').first();
  await firstRow.getByRole('button', { name: 'Send' }).click();
  await firstRow.getByRole('button', { name: 'Remind' }).click();
  await firstRow.getByRole('button', { name: 'Record payment' }).click();

  // Payment Recorded triggers the CSAT survey (starter plan): keyboard only.
  const csat = page.getByRole('dialog', { name: 'How satisfied are you with recording payments in Ledgerly?' });
  await expect(csat).toBeVisible();
  await page.keyboard.press('Tab'); // into the scale, on 1
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter'); // picks 4
  await expect(page.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  await expect(page.locator('uptake-survey')).toHaveCount(0);

  await open(page, 'Clients');
  for (const name of ['Add client', 'New quote', 'Log expense']) await page.getByRole('button', { name }).click();
  await open(page, 'Reports');
  await page.getByRole('button', { name: 'Export PDF' }).click();
  await open(page, 'Team');
  await page.getByLabel('Email').fill('new.colleague@umbrella.example');
  await page.getByLabel('Role').selectOption('finance');
  await page.getByRole('button', { name: 'Send invite' }).click();
  await expect(page.getByRole('status')).toHaveText('Invitation sent (finance)');
  for (const name of ['Connect QuickBooks', 'Add currency (EUR)']) await page.getByRole('button', { name }).click();
  await page.evaluate(() => (window as unknown as { uptake: { flush(): Promise<void> } }).uptake.flush());
  expect(problems).toEqual([]);
  expect(sent.join('\n')).not.toContain('new.colleague');

  // Every feature of the catalog is adopted by Umbrella Health, each from this one session.
  const res = await fetch(`${demo.url}/v1/reports/accounts/umbrella`, { headers: { Authorization: `Bearer ${SECRET}` } });
  const umbrella = (await res.json()) as { features: { key: string; adopted: boolean; events: number }[]; [k: string]: unknown };
  expect(umbrella.features.filter((f) => !f.adopted).map((f) => f.key)).toEqual([]);
  expect(umbrella).toMatchObject({ name: 'Umbrella Health', plan: 'starter', seats: 8, mrr: 230, activeUsers: 1, breadth: 1, csat: 100, responses: 1, referralRate: 1 });
  expect(umbrella.features.map((f) => [f.key, f.events]).sort()).toEqual(
    [
      ['clients.manage', 1],
      ['currencies.add', 1],
      ['expenses.log', 1],
      ['integrations.connect', 1],
      ['invoices.create', 1],
      ['invoices.recurring', 1],
      ['invoices.send', 1],
      ['payments.record', 1],
      ['quotes.create', 1],
      ['reminders.schedule', 1],
      ['reports.export', 1],
      ['team.invite', 1],
    ],
  );
});
