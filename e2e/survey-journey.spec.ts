// Survey journeys through the whole product: a host page embeds the SDK script tag from a real
// collector (strict CSP), the SDK asks GET /v1/surveys, lazy-loads the widget when the trigger fires,
// and the answer travels through the durable queue into SQLite and the NPS report.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startCollector, type RunningCollector } from './support/collector.js';
import { startStaticServer, type StaticServer } from './support/survey-static-server.js';
import Database from 'better-sqlite3';

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const SECRET = 'sk_demo_change_me';

const APP_JS = `
uptake.identify('u-ada', { name: 'Ada', role: 'admin' });
uptake.group('acme', { name: 'Acme', plan: 'pro', seats: 10, mrr: 900 });
document.getElementById('export').addEventListener('click', () => uptake.track('Report Exported'));
`;

let site: StaticServer;
let collector: RunningCollector;

const hostPage = (collectorUrl: string, appJs = '/app.js') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme reports</title>
<link rel="stylesheet" href="/hostile.css">
<script src="${collectorUrl}/sdk/uptake.js" data-write-key="wk_demo"></script><script src="${appJs}" defer></script></head>
<body><main><h1>Reports</h1><button id="export">Export report</button></main></body></html>`;

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  site = await startStaticServer();
  collector = await startCollector({
    projects: [
      {
        id: 'demo', name: 'Demo SaaS', writeKey: 'wk_demo', secretKey: SECRET, allowedOrigins: [site.origin],
        throttle: { globalCooldownDays: 0, maxPromptsPerAccountPerWeek: 100 },
        surveys: [
          {
            id: 'nps-2026', kind: 'nps', active: true, question: 'How likely are you to recommend Demo SaaS to a colleague?',
            followUp: { detractor: 'What should we fix first?', passive: 'What would make it a 10?', promoter: 'What do you value most?' },
            targeting: { sampleRate: 1, accountTraits: { plan: ['pro', 'enterprise'] }, urlContains: '/reports', trigger: { event: 'Report Exported' } },
            recontactDays: 90,
          },
          {
            id: 'csat-onboarding', kind: 'csat', question: 'How satisfied are you with onboarding?',
            targeting: { urlContains: '/onboarding' }, recontactDays: 30,
          },
        ],
      },
    ],
  });
  const csp = { 'content-security-policy': `default-src 'self'; script-src 'self' ${collector.url}; style-src 'self'; connect-src ${collector.url}` };
  for (const path of ['/reports', '/onboarding']) site.set(path, { body: hostPage(collector.url), type: 'text/html', headers: csp });
  site.set('/app.js', { body: APP_JS, type: 'text/javascript' });
  site.set('/reports/bob', { body: hostPage(collector.url, '/app-bob.js'), type: 'text/html', headers: csp });
  site.set('/app-bob.js', { body: "uptake.identify('u-bob'); uptake.group('acme', { plan: 'pro' });", type: 'text/javascript' });
  site.set('/favicon.ico', { body: '', type: 'image/x-icon' });
  // Hostile host CSS: the widget lives in a shadow root and must not care.
  site.set('/hostile.css', { body: '* { all: unset; } button { display: none; } #export { display: inline-block; }', type: 'text/css' });
});

test.afterAll(async () => {
  await collector?.dispose();
  await site?.close();
});

/** Loads a host page, recording CSP violations, console errors and whether the widget bundle was fetched. */
async function visit(p: Page, path: string) {
  const log = { problems: [] as string[], widgetLoads: 0 };
  p.on('console', (m) => m.type() === 'error' && log.problems.push(`console: ${m.text()}`));
  p.on('pageerror', (e) => log.problems.push(`pageerror: ${e.message}`));
  p.on('request', (r) => r.url().endsWith('/sdk/uptake-surveys.js') && log.widgetLoads++);
  await p.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).cspViolations = [...((window as any).cspViolations ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    });
  });
  // The SDK may ask once before the page's identify() and again after it: wait for the identified answer.
  const eligibility = p.waitForResponse((r) => r.url().includes('/v1/surveys?') && new URL(r.url()).searchParams.has('userId'));
  await p.goto(site.origin + path);
  const surveys = (await (await eligibility).json()) as { surveys: Array<{ id: string }> };
  // The same object keeps counting after the load (widgetLoads, problems).
  return Object.assign(log, { surveys: surveys.surveys.map((s) => s.id) });
}

interface StoredSurveyEvent {
  kind: string;
  surveyId: string;
  surveyKind: string | null;
  responseId: string | null;
  accountId: string;
  score: number | null;
  comment: string | null;
  timestamp: number;
}

/** Survey events stored for a user, read from the collector's SQLite file (read-only, beside the running collector). */
async function storedSurveyEvents(userKey: string): Promise<StoredSurveyEvent[]> {
  const db = new Database(collector.dbPath, { readonly: true });
  try {
    return db.prepare(`SELECT kind, survey_id AS surveyId, survey_kind AS surveyKind, response_id AS responseId, account_id AS accountId,
      score, comment, ts AS timestamp FROM survey_events WHERE project = 'demo' AND user_key = ? ORDER BY ts`).all(userKey) as StoredSurveyEvent[];
  } finally {
    db.close();
  }
}

test('an NPS survey appears when its trigger fires, is answered by keyboard alone, and is stored and counted', async ({ page: p }) => {
  const visitLog = await visit(p, '/reports');
  expect(visitLog.surveys).toEqual(['nps-2026']);
  // Due but not yet triggered: nothing shown, widget not downloaded.
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  expect(visitLog.widgetLoads).toBe(0);

  await p.keyboard.press('Tab');
  await expect(p.locator('#export')).toBeFocused();
  await p.keyboard.press('Enter'); // Report Exported → trigger
  const dialog = p.getByRole('dialog', { name: 'How likely are you to recommend Demo SaaS to a colleague?' });
  await expect(dialog).toBeVisible();
  expect(await p.evaluate(() => !!document.querySelector('uptake-survey')?.shadowRoot?.querySelector('[role=radiogroup]'))).toBe(true);
  expect(visitLog.widgetLoads).toBe(1);

  const axe = await new AxeBuilder({ page: p }).include('uptake-survey').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await p.screenshot({ path: join(ARTIFACTS, 'survey-journey-desktop.png') });

  await p.keyboard.press('Tab'); // into the scale, on 0
  for (let i = 0; i < 9; i++) await p.keyboard.press('ArrowRight');
  await p.keyboard.press('Enter'); // picks 9
  await expect(p.getByRole('textbox', { name: 'What do you value most?' })).toBeFocused();
  await p.keyboard.type('The account health view');
  await p.keyboard.press('Tab');
  await p.keyboard.press('Enter'); // Send
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  await expect(p.locator('#export')).toBeFocused();
  await p.evaluate(() => (window as any).uptake.flush());

  await expect.poll(async () => (await storedSurveyEvents('u-ada')).filter((e) => e.kind === 'answered').length).toBe(2);
  const rows = await storedSurveyEvents('u-ada');
  const answered = rows.filter((e) => e.kind === 'answered').sort((a, b) => a.timestamp - b.timestamp);
  const shown = rows.find((e) => e.kind === 'shown')!;
  expect(answered.map((e) => [e.surveyId, e.surveyKind, e.score, e.comment, e.accountId])).toEqual([
    ['nps-2026', 'nps', 9, null, 'acme'],
    ['nps-2026', 'nps', 9, 'The account health view', 'acme'],
  ]);
  expect(new Set([shown.responseId, ...answered.map((e) => e.responseId)]).size).toBe(1);

  // Counted once in NPS: one promoter, NPS 100.
  const report = await fetch(`${collector.url}/v1/reports/satisfaction?surveyId=nps-2026`, { headers: { authorization: `Bearer ${SECRET}` } });
  expect(report.status).toBe(200);
  expect((await report.json()).nps).toMatchObject({ score: 100, promoters: 1, passives: 0, detractors: 0, responses: 1 });

  // Answered: not offered again on the next load.
  const again = await visit(p, '/reports');
  expect(again.surveys).toEqual([]);

  expect(await p.evaluate(() => (window as any).cspViolations ?? [])).toEqual([]);
  expect([...visitLog.problems, ...again.problems]).toEqual([]);
});

test('a dismissed survey does not come back within recontactDays, across reloads', async ({ page: p }) => {
  await p.setViewportSize({ width: 375, height: 720 });
  const first = await visit(p, '/onboarding');
  expect(first.surveys).toEqual(['csat-onboarding']);
  const dialog = p.getByRole('dialog', { name: 'How satisfied are you with onboarding?' }); // no trigger: shown on load
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  expect({ x: box.x, width: box.width, bottom: Math.round(box.y + box.height) }).toEqual({ x: 0, width: 375, bottom: 720 });
  await p.screenshot({ path: join(ARTIFACTS, 'survey-journey-mobile.png') });

  await p.getByRole('button', { name: 'Close' }).click();
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  await p.evaluate(() => (window as any).uptake.flush());
  await expect.poll(async () => (await storedSurveyEvents('u-ada')).some((e) => e.kind === 'dismissed' && e.surveyId === 'csat-onboarding')).toBe(true);

  for (let reload = 0; reload < 2; reload++) {
    const next = await visit(p, '/onboarding');
    expect(next.surveys).toEqual([]);
    await expect(p.locator('uptake-survey')).toHaveCount(0);
    expect(next.widgetLoads).toBe(0);
  }
  expect(await p.evaluate(() => (window as any).cspViolations ?? [])).toEqual([]);
  expect(first.problems).toEqual([]);
});

test('showSurvey(id) shows a due survey at once, without waiting for its trigger', async ({ page: p }) => {
  const visitLog = await visit(p, '/reports/bob');
  expect(visitLog.surveys).toEqual(['nps-2026']);
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  expect(await p.evaluate(() => (window as any).uptake.showSurvey('nps-2026'))).toBe(true);
  await expect(p.getByRole('dialog', { name: 'How likely are you to recommend Demo SaaS to a colleague?' })).toBeVisible();
  await p.getByRole('radio', { name: '3' }).click();
  await expect(p.getByRole('textbox', { name: 'What should we fix first?' })).toBeFocused();
  expect(await p.evaluate(() => (window as any).uptake.showSurvey('csat-onboarding'))).toBe(false); // not due on this page
  expect(visitLog.problems).toEqual([]);
});
