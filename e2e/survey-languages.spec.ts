// Translated survey texts in the widget (SPEC §13), in a real Chromium: the page's language picks the
// question, a language without a translation gets the project's default, right-to-left locales render
// right to left — never a hidden survey.
import { expect, test } from '@playwright/test';
import type { SurveyDef } from '@uptake/protocol';
import type { StaticServer } from './support/survey-static-server.js';
import { cspViolations, openSurvey, startWidgetSite, widgetEvents } from './support/widget-page.js';

const NPS = {
  id: 'nps-2026', kind: 'nps', trigger: null, defaultLocale: 'en',
  question: { en: 'How likely are you to recommend us?', fr: 'Quelle est la probabilité que vous nous recommandiez ?', ar: 'ما مدى احتمال أن توصي بنا؟' },
  followUp: { detractor: { en: 'What should we fix first?', fr: 'Que devons-nous corriger en premier ?' } },
} satisfies SurveyDef;

let site: StaticServer;
test.beforeAll(async () => {
  site = await startWidgetSite(['en', 'fr-FR', 'de', 'ar']);
});
test.afterAll(async () => site?.close());

test('a French page gets the French question and follow-up, and French widget strings', async ({ page: p }) => {
  const problems = await openSurvey(p, site, '/fr-FR', NPS);
  await expect(p.getByRole('dialog', { name: 'Quelle est la probabilité que vous nous recommandiez ?' })).toBeVisible();
  await expect(p.getByRole('radiogroup', { name: 'Quelle est la probabilité que vous nous recommandiez ?' })).toBeVisible();
  await expect(p.getByRole('button', { name: 'Fermer' })).toBeVisible();
  await expect(p.getByRole('dialog')).toHaveAttribute('dir', 'ltr');
  await p.getByRole('radio', { name: '4', exact: true }).click();
  await expect(p.getByRole('textbox', { name: 'Que devons-nous corriger en premier ?' })).toBeFocused();
  expect(await cspViolations(p)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a German page, without a German translation, gets the default (English) question', async ({ page: p }) => {
  await openSurvey(p, site, '/de', NPS);
  await expect(p.getByRole('dialog', { name: 'How likely are you to recommend us?' })).toBeVisible();
  // The widget's own words are German: it speaks German.
  await expect(p.getByRole('button', { name: 'Schließen' })).toBeVisible();
  await p.getByRole('radio', { name: '2', exact: true }).click();
  await expect(p.getByRole('textbox', { name: 'What should we fix first?' })).toBeVisible();
  expect((await widgetEvents(p))[1]).toMatchObject({ event: '$survey_answered', props: { score: 2 } });
});

test('the project default locale is the fallback: a German page gets French when the default is fr', async ({ page: p }) => {
  await openSurvey(p, site, '/de', { ...NPS, defaultLocale: 'fr' });
  await expect(p.getByRole('dialog', { name: 'Quelle est la probabilité que vous nous recommandiez ?' })).toBeVisible();
});

test('an Arabic page renders right to left, and the right arrow moves towards the start', async ({ page: p }) => {
  await openSurvey(p, site, '/ar', NPS);
  const dialog = p.getByRole('dialog', { name: 'ما مدى احتمال أن توصي بنا؟' });
  await expect(dialog).toHaveAttribute('dir', 'rtl');
  await expect(dialog).toHaveCSS('direction', 'rtl');
  // 0 sits at the right-hand end in a right-to-left scale.
  const zero = (await p.getByRole('radio', { name: '0', exact: true }).boundingBox())!;
  const ten = (await p.getByRole('radio', { name: '10', exact: true }).boundingBox())!;
  expect(zero.x).toBeGreaterThan(ten.x);
  await p.getByRole('radio', { name: '5', exact: true }).focus();
  await p.keyboard.press('ArrowLeft');
  await expect(p.getByRole('radio', { name: '6', exact: true })).toBeFocused();
});
