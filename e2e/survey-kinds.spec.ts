// CES and choice surveys in the widget (SPEC §13), in a real Chromium: answered by keyboard alone
// with radiogroup semantics, axe clean, under a strict CSP and hostile host CSS.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { SurveyDef } from '@uptake/protocol';
import type { StaticServer } from './support/survey-static-server.js';
import { cspViolations, focusedInWidget, openSurvey, startWidgetSite, widgetEvents } from './support/widget-page.js';

const CES = {
  id: 'ease', kind: 'ces', question: 'How easy was it to export your report?', trigger: null,
  followUp: { detractor: 'What made it hard?' },
} satisfies SurveyDef;
const EXIT = {
  id: 'exit', kind: 'choice', question: 'Why are you leaving?', trigger: null, other: true,
  choices: [{ key: 'price', label: 'Too expensive' }, { key: 'missing', label: 'Missing a feature' }, { key: 'switch', label: 'Switching tools' }],
} satisfies SurveyDef;

let site: StaticServer;
test.beforeAll(async () => {
  site = await startWidgetSite(['en']);
});
test.afterAll(async () => site?.close());

test('CES: seven options in a radiogroup, arrows move without picking, Enter picks, then the follow-up', async ({ page: p }) => {
  await openSurvey(p, site, '/en', CES, { byKeyboard: true });
  await expect(p.getByRole('radiogroup', { name: CES.question })).toBeVisible();
  await expect(p.getByRole('radio')).toHaveCount(7);
  await expect(p.getByText('1 – Very difficult')).toBeVisible();
  await expect(p.getByText('Very easy – 7')).toBeVisible();

  await p.keyboard.press('Tab');
  expect(await focusedInWidget(p)).toBe('1');
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowLeft');
  expect(await focusedInWidget(p)).toBe('3');
  await expect(p.getByRole('radio', { checked: true })).toHaveCount(0);
  expect((await widgetEvents(p)).map((e) => e.event)).toEqual(['$survey_shown']);

  await p.keyboard.press('Enter');
  await expect(p.getByRole('radio', { name: '3', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(p.getByRole('textbox', { name: 'What made it hard?' })).toBeFocused();
  await p.keyboard.type('Too many clicks');
  await p.keyboard.press('Tab');
  await p.keyboard.press('Enter'); // Send
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  const sent = await widgetEvents(p);
  const responseId = sent[0].props.responseId;
  expect(sent).toEqual([
    { event: '$survey_shown', props: { surveyId: 'ease', kind: 'ces', responseId } },
    { event: '$survey_answered', props: { surveyId: 'ease', kind: 'ces', responseId, score: 3 } },
    { event: '$survey_answered', props: { surveyId: 'ease', kind: 'ces', responseId, score: 3, comment: 'Too many clicks' } },
  ]);
});

test('CES: Space picks an easy score and, without a follow-up for it, thanks at once', async ({ page: p }) => {
  await openSurvey(p, site, '/en', CES, { byKeyboard: true });
  await p.keyboard.press('Tab');
  await p.keyboard.press('End');
  expect(await focusedInWidget(p)).toBe('7');
  await p.keyboard.press('ArrowLeft');
  await p.keyboard.press(' ');
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  expect((await widgetEvents(p))[1].props).toMatchObject({ kind: 'ces', score: 6 });
});

test('choice: picked by keyboard alone, the key is sent as choice', async ({ page: p }) => {
  await openSurvey(p, site, '/en', EXIT, { byKeyboard: true });
  await expect(p.getByRole('radiogroup', { name: EXIT.question })).toBeVisible();
  await expect(p.getByRole('radio')).toHaveCount(4); // three choices and "Other"
  await p.keyboard.press('Tab');
  expect(await focusedInWidget(p)).toBe('Too expensive');
  await p.keyboard.press('ArrowDown');
  expect(await focusedInWidget(p)).toBe('Missing a feature');
  await p.keyboard.press('Enter');
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  const sent = await widgetEvents(p);
  expect(sent[1]).toEqual({ event: '$survey_answered', props: { surveyId: 'exit', kind: 'choice', responseId: sent[0].props.responseId, choice: 'missing' } });
});

test('choice: "Other" asks for the text and sends it as comment', async ({ page: p }) => {
  await openSurvey(p, site, '/en', EXIT, { byKeyboard: true });
  await p.keyboard.press('Tab');
  await p.keyboard.press('End');
  expect(await focusedInWidget(p)).toBe('Other');
  await p.keyboard.press(' ');
  await expect(p.getByRole('radio', { name: 'Other' })).toHaveAttribute('aria-checked', 'true');
  await expect(p.getByRole('textbox', { name: 'Please tell us more' })).toBeFocused();
  await p.keyboard.type('We closed the team');
  await p.keyboard.press('Tab');
  await p.keyboard.press('Enter');
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  const answers = (await widgetEvents(p)).filter((e) => e.event === '$survey_answered').map((e) => ({ choice: e.props.choice, comment: e.props.comment }));
  expect(answers).toEqual([{ choice: 'other', comment: undefined }, { choice: 'other', comment: 'We closed the team' }]);
});

test('CES and choice have no serious or critical accessibility violation (axe-core)', async ({ page: p }) => {
  for (const survey of [CES, EXIT]) {
    await openSurvey(p, site, '/en', survey);
    const result = await new AxeBuilder({ page: p }).include('uptake-survey').analyze();
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(result.passes.length).toBeGreaterThan(5);
  }
});

test('under a strict CSP and hostile host CSS both kinds still show and answer', async ({ page: p }) => {
  const problems = await openSurvey(p, site, '/hostile', EXIT);
  const dialog = p.getByRole('dialog');
  await expect(dialog).toHaveCSS('position', 'fixed');
  expect((await dialog.boundingBox())!.width).toBeGreaterThan(300);
  const option = p.getByRole('radio', { name: 'Switching tools' });
  await expect(option).toBeVisible();
  expect((await option.boundingBox())!.height).toBeGreaterThanOrEqual(24);
  await option.click();
  await expect(p.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeVisible();
  await p.evaluate((s) => (window as any).openSurvey(s), CES);
  // 2 leads to the follow-up, so the picked option stays on screen, in the brand colour.
  await p.getByRole('radio', { name: '2', exact: true }).click();
  await expect(p.getByRole('radio', { name: '2', exact: true })).toHaveCSS('background-color', 'rgb(79, 70, 229)');
  await expect(p.getByRole('textbox', { name: 'What made it hard?' })).toBeVisible();
  expect(await cspViolations(p)).toEqual([]);
  expect(problems).toEqual([]);
});
