// Single-page apps (SPEC §13): a route change through history.pushState shows a survey targeted at
// the new URL without a reload; with `autoPage` each URL change is tracked as a page. Real collector,
// real Chromium, strict CSP and hostile host CSS.
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { startCollector, type RunningCollector } from './support/collector.js';
import { startStaticServer, type StaticServer } from './support/survey-static-server.js';

const SECRET = 'sk_demo_change_me';
let site: StaticServer;
let collector: RunningCollector;

// The host app routes on the client: links call history.pushState, the back button fires popstate.
const APP_JS = `
uptake.init('wk_demo', { autoPage: true });
uptake.identify('u-spa');
for (const link of document.querySelectorAll('a[data-route]')) link.addEventListener('click', (e) => {
  e.preventDefault();
  history.pushState({}, '', link.getAttribute('href'));
  document.querySelector('h1').textContent = link.textContent;
});
`;

test.beforeAll(async () => {
  site = await startStaticServer();
  collector = await startCollector({
    projects: [{
      id: 'demo', writeKey: 'wk_demo', secretKey: SECRET, allowedOrigins: [site.origin],
      throttle: { globalCooldownDays: 0, maxPromptsPerAccountPerWeek: 100 },
      surveys: [{ id: 'ease-billing', kind: 'ces', question: 'How easy was it to update your billing details?', targeting: { urlContains: '/billing' } }],
    }],
  });
  const csp = { 'content-security-policy': `default-src 'self'; script-src 'self' ${collector.url}; style-src 'self'; connect-src ${collector.url}` };
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SPA</title><link rel="stylesheet" href="/hostile.css">
<script src="${collector.url}/sdk/uptake.js"></script><script src="/app.js" defer></script></head>
<body><main><h1>Home</h1><a href="/app/billing" data-route>Billing</a> <a href="/app/team" data-route>Team</a></main></body></html>`;
  for (const path of ['/app', '/app/billing', '/app/team']) site.set(path, { body: page, type: 'text/html', headers: csp });
  site.set('/app.js', { body: APP_JS, type: 'text/javascript' });
  site.set('/favicon.ico', { body: '', type: 'image/x-icon' });
  site.set('/hostile.css', { body: '* { all: unset; } a { display: inline-block; } uptake-survey { display: none !important; }', type: 'text/css' });
});
test.afterAll(async () => {
  await collector?.dispose();
  await site?.close();
});

test('a client-side route change to a targeted URL shows the survey, and autoPage tracks each URL', async ({ page: p }) => {
  const problems: string[] = [];
  p.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  p.on('pageerror', (e) => problems.push(e.message));
  const asked: string[] = [];
  p.on('request', (r) => r.url().includes('/v1/surveys?') && asked.push(new URL(r.url()).searchParams.get('url') ?? ''));

  await p.goto(`${site.origin}/app`);
  await expect.poll(() => asked.length).toBeGreaterThan(0);
  await expect(p.getByRole('dialog')).toHaveCount(0);

  const billingCheck = p.waitForResponse((r) => r.url().includes('/v1/surveys?') && r.url().includes(encodeURIComponent('/app/billing')));
  await p.getByRole('link', { name: 'Billing' }).click();
  await billingCheck;
  await expect(p.getByRole('dialog', { name: 'How easy was it to update your billing details?' })).toBeVisible();
  await p.getByRole('radio', { name: '6', exact: true }).click();
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();

  // Back (popstate) to /app, then on to /app/team: each change is a page; URL checks keep a 2 s gap.
  await p.goBack();
  await p.getByRole('link', { name: 'Team' }).click();
  await p.evaluate(() => (window as any).uptake.flush());
  const explain = async () => {
    const res = await fetch(`${collector.url}/v1/admin/surveys/ease-billing/explain?userId=u-spa`, { headers: { authorization: `Bearer ${SECRET}` } });
    return (await res.json()) as { eligible: boolean; rules: Array<{ rule: string; pass: boolean; detail: string }> };
  };
  // The answer is stored: explain says the survey is not asked again (recontactDays).
  await expect.poll(async () => (await explain()).rules.find((r) => r.rule === 'recontactDays')?.pass).toBe(false);
  const db = new Database(collector.dbPath, { readonly: true });
  const stored = db.prepare(`SELECT json_extract(context, '$.page.path') AS path FROM event_rows WHERE type = 'page' ORDER BY id`).all() as Array<{ path: string }>;
  db.close();
  // No page on load (the app's own call would be), one per URL change: pushState, popstate, pushState.
  expect(stored.map((r) => r.path)).toEqual(['/app/billing', '/app', '/app/team']);
  // Survey checks: on load, after identify, then URL changes at most once per 2 s (the last URL checked).
  await expect.poll(() => asked.at(-1)).toContain('/app/team');
  expect(problems).toEqual([]);
});
