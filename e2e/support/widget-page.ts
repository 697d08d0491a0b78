// A test site for the survey widget on its own: pages (in a chosen language, under a strict CSP,
// optionally with hostile CSS) that import the built `uptake-surveys.js` and hand `mountSurvey` a
// recording `track`. Used by the widget specs of the SPEC §13 kinds and languages.
import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import type { SurveyAppearance, SurveyDef } from '@uptake/protocol';
import { ROOT } from './collector.js';
import { startStaticServer, type StaticServer } from './survey-static-server.js';

const BUNDLE = join(ROOT, 'survey-widget', 'dist', 'uptake-surveys.js');
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
const HARNESS = `
import { mountSurvey } from '/uptake-surveys.js';
window.surveyEvents = [];
window.openSurvey = (survey, appearance) => {
  window.current = mountSurvey({ survey, appearance, track: (event, props) => window.surveyEvents.push({ event, props }), onClose() {} });
};
document.getElementById('open').addEventListener('click', () => window.openSurvey(window.nextSurvey, window.nextAppearance));
window.harnessReady = true;
`;
const HOSTILE_CSS = `* { all: unset !important; } button { display: none !important; } div { display: none !important; }
uptake-survey { display: none !important; transform: scale(0) !important; } [role=dialog] { display: none !important; }`;

const page = (lang: string, css: string) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Host app</title>
<link rel="stylesheet" href="${css}"><script type="module" src="/harness.js"></script></head>
<body><main><h1>Reports</h1><button id="open">Open survey</button></main></body></html>`;

/**
 * Serves `/<lang>` pages (`/en`, `/fr-FR`, `/ar`, …) and `/hostile` under a strict CSP.
 * @example const site = await startWidgetSite(['en', 'fr-FR'])
 */
export function startWidgetSite(langs: string[]): Promise<StaticServer> {
  const csp = { 'content-security-policy': STRICT_CSP };
  const routes = Object.fromEntries(langs.map((lang) => [`/${lang}`, { body: page(lang, '/host.css'), type: 'text/html', headers: csp }]));
  return startStaticServer({
    ...routes,
    '/hostile': { body: page('en', '/hostile.css'), type: 'text/html', headers: csp },
    '/harness.js': { body: HARNESS, type: 'text/javascript' },
    '/host.css': { body: 'body { font-family: serif; }', type: 'text/css' },
    '/hostile.css': { body: HOSTILE_CSS, type: 'text/css' },
    '/uptake-surveys.js': { file: BUNDLE, type: 'text/javascript' },
    // Chromium asks for it; a 404 would show up as a console error.
    '/favicon.ico': { body: '', type: 'image/x-icon' },
  });
}

/**
 * Opens a page of the site with a survey ready; `byKeyboard` opens it with Tab + Enter, else by script.
 * Returns the CSP violations and console errors seen so far (a live list).
 */
export async function openSurvey(p: Page, site: StaticServer, path: string, survey: SurveyDef, options: { appearance?: SurveyAppearance; byKeyboard?: boolean } = {}) {
  const problems: string[] = [];
  p.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await p.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => problems(e));
    function problems(e: SecurityPolicyViolationEvent) {
      (window as any).cspViolations = [...((window as any).cspViolations ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    }
  });
  await p.goto(site.origin + path);
  await p.waitForFunction(() => (window as any).harnessReady === true);
  await p.evaluate(([s, a]) => Object.assign(window, { nextSurvey: s, nextAppearance: a }), [survey, options.appearance ?? null] as const);
  if (options.byKeyboard) {
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
  } else {
    await p.evaluate(() => (window as any).openSurvey((window as any).nextSurvey, (window as any).nextAppearance));
  }
  await expect(p.getByRole('dialog')).toBeVisible();
  return problems;
}

export const widgetEvents = (p: Page) => p.evaluate(() => (window as any).surveyEvents as Array<{ event: string; props: Record<string, unknown> }>);
export const focusedInWidget = (p: Page) => p.evaluate(() => document.querySelector('uptake-survey')?.shadowRoot?.activeElement?.textContent ?? null);
export const cspViolations = (p: Page) => p.evaluate(() => ((window as any).cspViolations ?? []) as string[]);
