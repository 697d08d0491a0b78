// CES and choice survey results on the dashboard's overview (SPEC §13), in a real Chromium against a
// real collector: the card appears only when the project has such surveys, with hand-counted figures.
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { startCollector, type RunningCollector } from './support/collector.js';

const SECRET_KEY = 'sk_dashboard_surveys_secret';
const WRITE_KEY = 'wk_dashboard_surveys';
const project = (surveys: unknown[]) => ({ projects: [{ id: 'dash', name: 'Survey results', writeKey: WRITE_KEY, secretKey: SECRET_KEY, allowedOrigins: [], surveys }] });
const CES = { id: 'export-ease', kind: 'ces', question: 'How easy was exporting?' };
const EXIT = {
  id: 'exit-reason', kind: 'choice', question: 'Why are you leaving?', other: true,
  choices: [{ key: 'price', label: 'Too expensive' }, { key: 'missing_feature', label: 'Missing a feature' }],
};

/**
 * Four users of acme, answered 2 days ago:
 * CES: 7, 5, 3, 1 → mean (7+5+3+1)/4 = 4.0; easy (5–7) = 2 of 4 = 50 %.
 * Choice: price, price, other → 3 responses; price 2/3 = 67 %, other 1/3 = 33 %, missing_feature 0 %.
 */
function answers(now: number) {
  const timestamp = new Date(now - 2 * 86_400_000).toISOString();
  const answer = (userId: string, properties: Record<string, unknown>) => ({
    type: 'track', event: '$survey_answered', userId, groupId: 'acme', messageId: randomUUID(), timestamp,
    properties: { responseId: randomUUID(), ...properties },
  });
  return [
    ...[7, 5, 3, 1].map((score, i) => answer(`u${i}`, { surveyId: CES.id, kind: 'ces', score })),
    ...['price', 'price', 'other'].map((choice, i) => answer(`u${i}`, { surveyId: EXIT.id, kind: 'choice', choice, ...(choice === 'other' ? { comment: 'Moving to a spreadsheet' } : {}) })),
  ];
}

let collectors: RunningCollector[] = [];
test.afterAll(async () => {
  for (const c of collectors) await c.dispose();
  collectors = [];
});

async function openOverview(page: import('@playwright/test').Page, surveys: unknown[], batch: unknown[]) {
  const collector = await startCollector(project(surveys));
  collectors.push(collector);
  const res = await fetch(`${collector.url}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ writeKey: WRITE_KEY, batch }) });
  expect(await res.json()).toMatchObject({ accepted: batch.length, rejected: [] });
  await page.goto(`${collector.url}/dashboard`);
  await page.getByLabel('Secret key').fill(SECRET_KEY);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await expect(page.locator('.accounts-card tbody tr')).toHaveCount(1);
}

test('the overview shows each CES survey\'s easy share and mean, and each choice survey\'s picks', async ({ page }) => {
  await openOverview(page, [CES, EXIT], answers(Date.now()));
  const results = page.locator('.card', { has: page.getByRole('heading', { name: 'CES and choice surveys' }) });
  await expect(results).toBeVisible();
  await expect(results.locator('.bar-row', { hasText: 'export-ease' }).locator('.bar-value')).toHaveText('50% easy · mean 4 · 4 responses');
  await expect(results.getByRole('heading', { name: 'exit-reason · 3 responses' })).toBeVisible();
  const picks = results.locator('.bar-row').filter({ hasNotText: 'export-ease' });
  await expect(picks.locator('.bar-name')).toHaveText(['Price', 'Other', 'Missing feature']);
  await expect(picks.locator('.bar-value')).toHaveText(['67% · 2', '33% · 1', '0% · 0']);
});

test('without CES or choice surveys the card is left out', async ({ page }) => {
  const track = { type: 'track', event: 'Report Exported', userId: 'u1', groupId: 'acme', messageId: randomUUID(), timestamp: new Date(Date.now() - 86_400_000).toISOString() };
  await openOverview(page, [], [track]);
  await expect(page.getByRole('heading', { name: 'Feature adoption by account' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'CES and choice surveys' })).toHaveCount(0);
});
