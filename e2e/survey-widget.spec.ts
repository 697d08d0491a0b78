// The survey widget on its own, in a real Chromium: a test page imports the built
// `uptake-surveys.js` and hands `mountSurvey` a recording `track` (the SDK journeys are in survey-journey.spec.ts).
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SurveyDef, SurveyAppearance } from '@uptake/protocol';
import { ROOT } from './support/collector.js';
import { startStaticServer, type StaticServer } from './support/survey-static-server.js';

const BUNDLE = join(ROOT, 'survey-widget', 'dist', 'uptake-surveys.js');
const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";

const NPS = {
  id: 'nps-2026',
  kind: 'nps',
  question: 'How likely are you to recommend Demo SaaS to a colleague?',
  followUp: { detractor: 'What should we fix first?', passive: 'What would make it a 10?', promoter: 'What do you value most?' },
  trigger: null,
} satisfies SurveyDef;
const CSAT: SurveyDef = { id: 'csat-export', kind: 'csat', question: 'How satisfied are you with exports?', trigger: null };

const HARNESS = `
import { mountSurvey } from '/uptake-surveys.js';
window.surveyEvents = [];
window.closedCount = 0;
window.openSurvey = (survey, appearance) => {
  window.current = mountSurvey({ survey, appearance, track: (event, props) => window.surveyEvents.push({ event, props }), onClose: () => window.closedCount++ });
};
document.getElementById('open').addEventListener('click', () => window.openSurvey(window.nextSurvey, window.nextAppearance));
window.harnessReady = true;
`;
const HOSTILE_CSS = `* { all: unset !important; } button { display: none !important; } div { display: none !important; }
uptake-survey { display: none !important; transform: scale(0) !important; } [role=dialog] { display: none !important; }`;

const page = (lang: string, css = '') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Host app</title>
<link rel="stylesheet" href="/host.css"><script type="module" src="/harness.js"></script></head>
<body><main><h1>Reports</h1><button id="open">Open survey</button><input id="field" aria-label="Search"></main></body></html>`.replace('/host.css', css ? '/hostile.css' : '/host.css');

let site: StaticServer;

test.beforeAll(async () => {
  const csp = { 'content-security-policy': STRICT_CSP };
  site = await startStaticServer({
    '/': { body: page('en'), type: 'text/html', headers: csp },
    '/fr': { body: page('fr-FR'), type: 'text/html', headers: csp },
    '/hostile': { body: page('en', 'hostile'), type: 'text/html', headers: csp },
    '/harness.js': { body: HARNESS, type: 'text/javascript' },
    '/host.css': { body: 'body { font-family: serif; }', type: 'text/css' },
    '/hostile.css': { body: HOSTILE_CSS, type: 'text/css' },
    '/uptake-surveys.js': { file: BUNDLE, type: 'text/javascript' },
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});
test.afterAll(async () => site?.close());

/** Opens the test page, recording CSP violations and console errors, and clicks "Open survey". */
async function openWidget(p: Page, survey: SurveyDef, options: { path?: string; appearance?: SurveyAppearance; byScript?: boolean } = {}) {
  const problems: string[] = [];
  p.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await p.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).cspViolations = [...((window as any).cspViolations ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    });
  });
  await p.goto(site.origin + (options.path ?? '/'));
  await p.waitForFunction(() => (window as any).harnessReady === true);
  await p.evaluate(([s, a]) => Object.assign(window, { nextSurvey: s, nextAppearance: a }), [survey, options.appearance ?? null] as const);
  // The hostile page hides every page button, "Open survey" included.
  if (options.byScript) await p.evaluate(() => (window as any).openSurvey((window as any).nextSurvey, (window as any).nextAppearance));
  else await p.locator('#open').click();
  await expect(p.getByRole('dialog')).toBeVisible();
  return problems;
}

const events = (p: Page) => p.evaluate(() => (window as any).surveyEvents as Array<{ event: string; props: Record<string, unknown> }>);
const focusedInWidget = (p: Page) => p.evaluate(() => document.querySelector('uptake-survey')?.shadowRoot?.activeElement?.textContent ?? null);

test('renders a labelled dialog in a shadow root on document.body and reports $survey_shown', async ({ page: p }) => {
  await openWidget(p, NPS);
  const placement = await p.evaluate(() => {
    const host = document.querySelector('uptake-survey');
    return { onBody: host?.parentElement === document.body, inShadow: !!host?.shadowRoot?.querySelector('[role=dialog]'), inLightDom: !!document.querySelector('[role=dialog]') };
  });
  expect(placement).toEqual({ onBody: true, inShadow: true, inLightDom: false });
  await expect(p.getByRole('dialog', { name: NPS.question })).toBeVisible();
  await expect(p.getByRole('radiogroup', { name: NPS.question })).toBeVisible();
  await expect(p.getByRole('radio')).toHaveCount(11);
  const [shown] = await events(p);
  expect(shown.event).toBe('$survey_shown');
  expect(shown.props).toEqual({ surveyId: 'nps-2026', kind: 'nps', responseId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
});

test('is answered with the keyboard alone: arrows move without picking, Enter picks, then the follow-up and thanks', async ({ page: p }) => {
  await p.goto(site.url);
  await p.waitForFunction(() => (window as any).harnessReady === true);
  await p.evaluate((s) => Object.assign(window, { nextSurvey: s }), NPS);
  await p.keyboard.press('Tab');
  await p.keyboard.press('Enter'); // "Open survey"
  await expect(p.getByRole('dialog')).toBeVisible();

  await p.keyboard.press('Tab');
  expect(await focusedInWidget(p)).toBe('0');
  for (let i = 0; i < 4; i++) await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowLeft');
  expect(await focusedInWidget(p)).toBe('3');
  expect((await events(p)).map((e) => e.event)).toEqual(['$survey_shown']);
  await expect(p.getByRole('radio', { checked: true })).toHaveCount(0);

  await p.keyboard.press('Enter');
  await expect(p.getByRole('radio', { name: '3' })).toHaveAttribute('aria-checked', 'true');
  const followUp = p.getByRole('textbox', { name: 'What should we fix first?' });
  await expect(followUp).toBeFocused();
  await p.keyboard.type('Exports time out');
  await p.keyboard.press('Tab');
  await p.keyboard.press('Enter'); // Send
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();

  const sent = await events(p);
  const responseId = sent[0].props.responseId;
  expect(sent).toEqual([
    { event: '$survey_shown', props: { surveyId: 'nps-2026', kind: 'nps', responseId } },
    { event: '$survey_answered', props: { surveyId: 'nps-2026', kind: 'nps', responseId, score: 3 } },
    { event: '$survey_answered', props: { surveyId: 'nps-2026', kind: 'nps', responseId, score: 3, comment: 'Exports time out' } },
  ]);
  // The thank-you closes itself and focus goes back where it was.
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  await expect(p.locator('#open')).toBeFocused();
  expect(await p.evaluate(() => (window as any).closedCount)).toBe(1);
});

test('Space picks too, and Home/End jump to the ends of the scale', async ({ page: p }) => {
  await openWidget(p, NPS);
  await p.keyboard.press('Tab');
  await p.keyboard.press('End');
  expect(await focusedInWidget(p)).toBe('10');
  await p.keyboard.press('ArrowRight'); // wraps around
  expect(await focusedInWidget(p)).toBe('0');
  await p.keyboard.press('ArrowLeft');
  await p.keyboard.press('Space');
  await expect(p.getByText('What do you value most?')).toBeVisible();
  expect((await events(p))[1].props.score).toBe(10);
});

test('Escape dismisses: $survey_dismissed, the widget is gone and focus returns', async ({ page: p }) => {
  await openWidget(p, NPS);
  await p.keyboard.press('Escape');
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  await expect(p.locator('#open')).toBeFocused();
  const sent = await events(p);
  expect(sent.map((e) => e.event)).toEqual(['$survey_shown', '$survey_dismissed']);
  expect(sent[1].props).toEqual({ surveyId: 'nps-2026', kind: 'nps', responseId: sent[0].props.responseId });
  expect(await p.evaluate(() => (window as any).closedCount)).toBe(1);
});

test('the close button dismisses', async ({ page: p }) => {
  await openWidget(p, NPS);
  await p.getByRole('button', { name: 'Close' }).click();
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  expect((await events(p)).map((e) => e.event)).toEqual(['$survey_shown', '$survey_dismissed']);
});

test('closing after a score is an answer, not a dismissal', async ({ page: p }) => {
  await openWidget(p, NPS);
  await p.getByRole('radio', { name: '8' }).click();
  await expect(p.getByText('What would make it a 10?')).toBeVisible();
  await p.keyboard.press('Escape');
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  expect((await events(p)).map((e) => e.event)).toEqual(['$survey_shown', '$survey_answered']);
});

test('CSAT shows five labelled options and, without a follow-up, thanks right after the score', async ({ page: p }) => {
  await openWidget(p, CSAT);
  await expect(p.getByRole('radio')).toHaveCount(5);
  await expect(p.getByRole('radio', { name: '1 Very dissatisfied' })).toBeVisible();
  await p.getByRole('radio', { name: '4 Satisfied' }).click();
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  expect((await events(p))[1]).toEqual({ event: '$survey_answered', props: { surveyId: 'csat-export', kind: 'csat', responseId: expect.any(String), score: 4 } });
});

test('speaks the page language, and appearance.locale overrides it', async ({ page: p }) => {
  await openWidget(p, NPS, { path: '/fr' });
  await expect(p.getByRole('button', { name: 'Fermer' })).toBeVisible();
  await expect(p.getByText('0 – Pas du tout probable')).toBeVisible();
  await p.keyboard.press('Escape');
  await p.evaluate((s) => (window as any).openSurvey(s, { locale: 'de' }), CSAT);
  await expect(p.getByRole('radio', { name: '5 Sehr zufrieden' })).toBeVisible();
  await expect(p.getByRole('button', { name: 'Schließen' })).toBeVisible();
});

test('takes the brand colour and position; the survey definition wins over init options', async ({ page: p }) => {
  await openWidget(p, { ...NPS, appearance: { brandColor: '#0a7d33', position: 'bottom-left' } }, { appearance: { brandColor: '#ff0000', position: 'center' } });
  await p.getByRole('radio', { name: '9' }).click();
  await expect(p.getByRole('radio', { name: '9' })).toHaveCSS('background-color', 'rgb(10, 125, 51)');
  const box = (await p.getByRole('dialog').boundingBox())!;
  const viewport = p.viewportSize()!;
  expect(box.x).toBe(16);
  expect(Math.round(box.y + box.height)).toBe(viewport.height - 16);
});

test('under a strict CSP (no unsafe-inline) it is styled and causes no violation or console error', async ({ page: p }) => {
  const problems = await openWidget(p, NPS);
  // The look comes from the constructable stylesheet: a card with a white background and fixed position.
  await expect(p.getByRole('dialog')).toHaveCSS('position', 'fixed');
  await expect(p.getByRole('dialog')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await p.getByRole('radio', { name: '9' }).click();
  await expect(p.getByRole('radio', { name: '9' })).toHaveCSS('background-color', 'rgb(79, 70, 229)');
  expect(await p.evaluate(() => (window as any).cspViolations ?? [])).toEqual([]);
  expect(problems).toEqual([]);
});

test('hostile host CSS (* { all: unset }, button { display: none }) does not break it', async ({ page: p }) => {
  await openWidget(p, NPS, { path: '/hostile', byScript: true });
  const dialog = p.getByRole('dialog');
  await expect(dialog).toHaveCSS('position', 'fixed');
  const box = (await dialog.boundingBox())!;
  expect(box.width).toBeGreaterThan(300);
  const radio = p.getByRole('radio', { name: '7' });
  await expect(radio).toBeVisible();
  expect((await radio.boundingBox())!.height).toBeGreaterThanOrEqual(24);
  await radio.click();
  await expect(p.getByText('What would make it a 10?')).toBeVisible();
  await p.screenshot({ path: join(ARTIFACTS, 'survey-hostile-css.png') });
});

test('has no serious or critical accessibility violation (axe-core)', async ({ page: p }) => {
  await openWidget(p, NPS);
  const scale = await new AxeBuilder({ page: p }).include('uptake-survey').analyze();
  await p.getByRole('radio', { name: '2' }).click();
  const followUp = await new AxeBuilder({ page: p }).include('uptake-survey').analyze();
  for (const result of [scale, followUp]) {
    const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(result.passes.length).toBeGreaterThan(5);
  }
  console.log(`axe: ${scale.violations.length + followUp.violations.length} violations (any impact), ${scale.passes.length}+${followUp.passes.length} rules passed`);
});

test('desktop and mobile layouts (full width at the bottom under 480px), kept as screenshots', async ({ page: p }) => {
  await p.setViewportSize({ width: 1280, height: 800 });
  await openWidget(p, NPS);
  let box = (await p.getByRole('dialog').boundingBox())!;
  expect(Math.round(box.x + box.width)).toBe(1280 - 16);
  await p.screenshot({ path: join(ARTIFACTS, 'survey-desktop.png') });

  await p.setViewportSize({ width: 375, height: 700 });
  box = (await p.getByRole('dialog').boundingBox())!;
  expect({ x: box.x, width: box.width, bottom: Math.round(box.y + box.height) }).toEqual({ x: 0, width: 375, bottom: 700 });
  for (const radio of await p.getByRole('radio').all()) expect((await radio.boundingBox())!.width).toBeGreaterThanOrEqual(24);
  await p.screenshot({ path: join(ARTIFACTS, 'survey-mobile.png') });
});

test('close() removes it without a dismissal, and does not steal focus from a field being typed in', async ({ page: p }) => {
  await p.goto(site.url);
  await p.waitForFunction(() => (window as any).harnessReady === true);
  await p.locator('#field').focus();
  await p.evaluate((s) => (window as any).openSurvey(s), NPS);
  await expect(p.getByRole('dialog')).toBeVisible();
  await expect(p.locator('#field')).toBeFocused();
  await p.evaluate(() => (window as any).current.close());
  await expect(p.locator('uptake-survey')).toHaveCount(0);
  expect((await events(p)).map((e) => e.event)).toEqual(['$survey_shown']);
  expect(await p.evaluate(() => (window as any).closedCount)).toBe(1);
});

test('in forced-colors (Windows high contrast) mode the picked score stays visible', async ({ page: p }) => {
  await p.emulateMedia({ forcedColors: 'active' });
  await openWidget(p, NPS);
  await p.getByRole('radio', { name: '6' }).click();
  await expect(p.getByRole('radio', { name: '6' })).toHaveCSS('outline-style', 'solid');
  await expect(p.getByRole('radio', { name: '5' })).not.toHaveCSS('outline-style', 'solid');
});
