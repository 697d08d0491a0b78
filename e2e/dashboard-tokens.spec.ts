// A team member opens the dashboard with a named token (SPEC §16) in a real Chromium: a reports:read
// token opens the overview; a token narrowed to one account lands on that account's page and stays
// there; a revoked token is sent back to the key prompt.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { startCollector, type RunningCollector } from './support/collector.js';

const SECRET_KEY = 'sk_tokens_e2e_secret_0123';
const WRITE_KEY = 'wk_tokens_e2e';
const CONFIG = { projects: [{ id: 'teams', name: 'Tokens journey', writeKey: WRITE_KEY, secretKey: SECRET_KEY, allowedOrigins: [] }] };

let collector: RunningCollector;

async function token(body: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const res = await fetch(`${collector.url}/v1/admin/tokens`, { method: 'POST', headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return res.json();
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${collector.url}/dashboard`);
  await page.getByLabel('Secret key or token').fill(key);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
}

test.beforeAll(async () => {
  collector = await startCollector(CONFIG);
  expect((await fetch(`${collector.url}/dashboard`)).status, 'the dashboard is not built: run `npm run build` first').toBe(200);
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  const batch = [
    { type: 'group', userId: 'ann', groupId: 'acme', traits: { name: 'Acme Corp', plan: 'pro', seats: 5 }, timestamp: at(5) },
    { type: 'track', userId: 'ann', groupId: 'acme', event: 'Report Exported', timestamp: at(4) },
    { type: 'group', userId: 'gus', groupId: 'globex', traits: { name: 'Globex Inc', plan: 'free', seats: 3 }, timestamp: at(5) },
    { type: 'track', userId: 'gus', groupId: 'globex', event: 'Report Exported', timestamp: at(4) },
  ].map((e) => ({ messageId: randomUUID(), ...e }));
  const res = await fetch(`${collector.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: WRITE_KEY, batch }) });
  expect(res.status).toBe(200);
});
test.afterAll(async () => {
  await collector?.stop();
});

test('a reports:read token opens the overview with every account', async ({ page }) => {
  const { token: key } = await token({ name: 'Alice (PM)', scope: 'reports:read' });
  await signIn(page, key);
  await expect(page.locator('.accounts-card tbody tr')).toHaveCount(2);
});

test('a token narrowed to one account lands on its page and cannot leave it', async ({ page }) => {
  const { token: key } = await token({ name: 'Acme customer view', scope: 'reports:read', accountId: 'acme' });
  await signIn(page, key);
  await expect(page.locator('h1.account-name')).toHaveText('Acme Corp');
  expect(new URL(page.url()).hash).toBe('#/accounts/acme');
  await page.goto(`${collector.url}/dashboard#/`);
  await expect(page.locator('h1.account-name')).toHaveText('Acme Corp');
  await page.goto(`${collector.url}/dashboard#/accounts/globex`);
  await expect(page.locator('h1.account-name')).toHaveText('Acme Corp');
  await expect(page.getByText('Globex Inc')).toHaveCount(0);
});

test('a revoked token is asked for again', async ({ page }) => {
  const { id, token: key } = await token({ name: 'Contractor', scope: 'reports:read' });
  await signIn(page, key);
  await expect(page.locator('.accounts-card tbody tr')).toHaveCount(2);
  const res = await fetch(`${collector.url}/v1/admin/tokens/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${SECRET_KEY}` } });
  expect(res.status).toBe(200);
  await page.reload();
  await expect(page.getByLabel('Secret key or token')).toBeVisible();
});
