import { describe, expect, it } from 'vitest';
import { accountTargeting } from './survey-schema.js';
import { parseConfig } from '../config.js';

const withSurvey = (survey: object, project: object = {}) =>
  parseConfig({ projects: [{ id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me', surveys: [survey], ...project }] }, 'config', () => {});
const refusal = (survey: object) => {
  try {
    withSurvey(survey);
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('survey config of SPEC §13', () => {
  it('accepts translated texts, CES and choice surveys, maxResponses and targeting.account', () => {
    const cfg = withSurvey({
      id: 'exit', kind: 'choice', topic: 'churn', maxResponses: 50, other: true,
      question: { en: 'Why are you leaving?', fr: 'Pourquoi partez-vous ?' },
      choices: [{ key: 'price', label: { en: 'Too expensive', fr: 'Trop cher' } }, { key: 'missing', label: 'Missing a feature' }],
      targeting: { account: { health: ['atRisk'], risks: ['usage_drop'], notAdopted: ['reports.export'], seatUtilization: { lt: 0.3 } } },
    });
    const survey = cfg.projects[0].surveys[0];
    expect([survey.kind, survey.topic, survey.maxResponses, survey.other, survey.choices?.length]).toEqual(['choice', 'churn', 50, true, 2]);
    expect(survey.targeting.account).toEqual({ health: ['atRisk'], risks: ['usage_drop'], notAdopted: ['reports.export'], seatUtilization: { lt: 0.3 } });
    expect(cfg.projects[0].defaultLocale).toBe('en');
    expect(withSurvey({ id: 'ease', kind: 'ces', question: 'How easy was it?' }, { defaultLocale: 'fr' }).projects[0].defaultLocale).toBe('fr');
  });

  it('refuses a bad survey with the path of the bad field', () => {
    expect(refusal({ id: 'exit', kind: 'choice', question: 'Why?' })).toBe('config: projects[0].surveys[0].choices: a "choice" survey needs at least one choice');
    expect(refusal({ id: 'exit', kind: 'choice', question: 'Why?', choices: [{ key: 'a', label: 'A' }, { key: 'a', label: 'B' }] })).toBe('config: projects[0].surveys[0].choices[1].key: duplicate choice key "a"');
    expect(refusal({ id: 'exit', kind: 'choice', other: true, question: 'Why?', choices: [{ key: 'other', label: 'Else' }] })).toMatch(/^config: projects\[0\]\.surveys\[0\]\.choices\[0\]\.key: /);
    expect(refusal({ id: 'nps', kind: 'nps', question: 'Q', choices: [{ key: 'a', label: 'A' }] })).toMatch(/^config: projects\[0\]\.surveys\[0\]\.choices: /);
    expect(refusal({ id: 'q', kind: 'ces', question: {} })).toMatch(/^config: projects\[0\]\.surveys\[0\]\.question/);
    expect(refusal({ id: 'q', kind: 'ces', question: 'Q', targeting: { account: { health: ['great'] } } })).toMatch(/^config: projects\[0\]\.surveys\[0\]\.targeting\.account\.health\[0\]: /);
    expect(refusal({ id: 'q', kind: 'ces', question: 'Q', maxResponses: 0 })).toMatch(/^config: projects\[0\]\.surveys\[0\]\.maxResponses: /);
    expect(refusal({ id: 'q', kind: 'stars', question: 'Q' })).toMatch(/^config: projects\[0\]\.surveys\[0\]\.kind: /);
  });
});

describe('targeting.account health bands', () => {
  it("accepts the segment filter's at_risk as the atRisk band", () => {
    expect(accountTargeting.parse({ health: ['at_risk', 'healthy'] }).health).toEqual(['atRisk', 'healthy']);
    expect(() => accountTargeting.parse({ health: ['sick'] })).toThrow();
  });
});
