import { describe, expect, it } from 'vitest';
import { surveySchema, type SurveyConfig } from '../config.js';
import { DAY_MS, type AccountRecord, type SurveyEventRow, type UserRecord } from '../storage/store.js';
import { checkEligibility, explainEligibility, lookbackDays, traitsMatch, type SurveyHistory, type Throttle } from './eligibility.js';
import { sampleBucket } from './sampling.js';

const NOW = Date.UTC(2026, 5, 15, 12);
const THROTTLE: Throttle = { globalCooldownDays: 14, maxPromptsPerAccountPerWeek: 20 };

const survey = (over: Record<string, unknown> = {}, targeting: Record<string, unknown> = {}): SurveyConfig =>
  surveySchema.parse({ id: 'nps-2026', kind: 'nps', question: 'How likely…?', recontactDays: 90, ...over, targeting: { sampleRate: 1, ...targeting } });

const user = (over: Partial<UserRecord> = {}): UserRecord => ({
  userKey: 'u1', userId: 'u1', traits: {}, lastGroupId: 'acme', firstSeen: NOW - 30 * DAY_MS, lastSeen: NOW, ...over,
});

const account = (over: Partial<AccountRecord> = {}): AccountRecord => ({
  accountId: 'acme', name: 'Acme', plan: 'pro', seats: 10, mrr: 500, createdAt: null,
  traits: { name: 'Acme', plan: 'pro', seats: 10, mrr: 500, region: 'eu' }, firstSeen: NOW - 60 * DAY_MS, lastSeen: NOW, ...over,
});

let seq = 0;
const ev = (kind: SurveyEventRow['kind'], daysAgo: number, over: Partial<SurveyEventRow> = {}): SurveyEventRow => ({
  kind, surveyId: 'nps-2026', surveyKind: 'nps', responseId: 'r1', userKey: 'u1', accountId: 'acme',
  score: kind === 'answered' ? 9 : null, choice: null, comment: null, timestamp: NOW - daysAgo * DAY_MS, messageId: `m${seq++}`, ...over,
});

const history = (over: Partial<SurveyHistory> = {}): SurveyHistory => ({
  sampleId: 'u1', url: 'https://app.example.com/reports', user: user(), accountId: 'acme', account: account(), userEvents: [], accountEvents: [], ...over,
});

const reason = (s: SurveyConfig, h: SurveyHistory, throttle = THROTTLE) => {
  const result = checkEligibility(s, throttle, h, NOW);
  return result.eligible ? 'eligible' : result.reason;
};

describe('survey eligibility', () => {
  it('shows an active survey with no constraints to a fresh user', () => {
    expect(reason(survey(), history())).toBe('eligible');
    expect(reason(survey(), history({ user: null, account: null, accountId: null }))).toBe('eligible');
  });

  it('never shows an inactive survey', () => {
    expect(reason(survey({ active: false }), history())).toBe('inactive');
  });

  describe('targeting', () => {
    it('requires the page URL to contain urlContains', () => {
      const s = survey({}, { urlContains: '/reports' });
      expect(reason(s, history())).toBe('eligible');
      expect(reason(s, history({ url: 'https://app.example.com/settings' }))).toBe('url');
      expect(reason(s, history({ url: null }))).toBe('url');
      expect(reason(survey({}, { urlContains: null }), history({ url: null }))).toBe('eligible');
    });

    it('requires each account trait to hold an allowed value', () => {
      const s = survey({}, { accountTraits: { plan: ['pro', 'enterprise'] } });
      expect(reason(s, history())).toBe('eligible');
      expect(reason(s, history({ account: account({ plan: 'trial', traits: { plan: 'trial' } }) }))).toBe('account_traits');
      expect(reason(survey({}, { accountTraits: { plan: ['pro'], region: ['us'] } }), history())).toBe('account_traits');
    });

    it('fails account targeting when the account or the trait is unknown', () => {
      const s = survey({}, { accountTraits: { plan: ['pro'] } });
      expect(reason(s, history({ account: null, accountId: null }))).toBe('account_traits');
      expect(reason(s, history({ account: null, accountId: 'new-co' }))).toBe('account_traits');
      expect(reason(s, history({ account: account({ plan: null, traits: {} }) }))).toBe('account_traits');
      expect(reason(survey({}, { accountTraits: { tier: ['gold'] } }), history())).toBe('account_traits');
    });

    it('requires each user trait to hold an allowed value; a missing trait fails', () => {
      const s = survey({}, { userTraits: { role: ['admin'] } });
      expect(reason(s, history({ user: user({ traits: { role: 'admin' } }) }))).toBe('eligible');
      expect(reason(s, history({ user: user({ traits: { role: 'viewer' } }) }))).toBe('user_traits');
      expect(reason(s, history({ user: user({ traits: {} }) }))).toBe('user_traits');
      expect(reason(s, history({ user: null }))).toBe('user_traits');
    });

    it('treats empty trait filters as no constraint', () => {
      expect(reason(survey({}, { accountTraits: {}, userTraits: {} }), history({ user: null, account: null, accountId: null }))).toBe('eligible');
    });

    it('waits minDaysSinceFirstSeen after the user was first seen; an unknown user has 0 days', () => {
      const s = survey({}, { minDaysSinceFirstSeen: 7 });
      expect(reason(s, history({ user: user({ firstSeen: NOW - 7 * DAY_MS }) }))).toBe('eligible');
      expect(reason(s, history({ user: user({ firstSeen: NOW - 7 * DAY_MS + 1 }) }))).toBe('too_new');
      expect(reason(s, history({ user: null }))).toBe('too_new');
      expect(reason(survey({}, { minDaysSinceFirstSeen: 0 }), history({ user: null }))).toBe('eligible');
    });
  });

  describe('sampling', () => {
    it('takes users whose bucket is below sampleRate and no one else, the same way on every call', () => {
      const inside = Array.from({ length: 50 }, (_, i) => `user-${i}`).find((id) => sampleBucket(id, 'nps-2026') < 0.3)!;
      const outside = Array.from({ length: 50 }, (_, i) => `user-${i}`).find((id) => sampleBucket(id, 'nps-2026') >= 0.3)!;
      const s = survey({}, { sampleRate: 0.3 });
      for (let i = 0; i < 3; i++) {
        expect(reason(s, history({ sampleId: inside }))).toBe('eligible');
        expect(reason(s, history({ sampleId: outside }))).toBe('not_sampled');
      }
    });

    it('shows to within 2 points of sampleRate over 10 000 users', () => {
      const s = survey({}, { sampleRate: 0.2 });
      let shown = 0;
      for (let i = 0; i < 10_000; i++) if (checkEligibility(s, THROTTLE, history({ sampleId: `anon-${i}` }), NOW).eligible) shown++;
      expect(Math.abs(shown / 10_000 - 0.2)).toBeLessThan(0.02);
    });
  });

  describe('recontactDays', () => {
    it('does not ask again within recontactDays of an answer or a dismissal', () => {
      const s = survey();
      const free = { ...THROTTLE, globalCooldownDays: 0 };
      expect(reason(s, history({ userEvents: [ev('answered', 89)] }), free)).toBe('recontact');
      expect(reason(s, history({ userEvents: [ev('dismissed', 1)] }), free)).toBe('recontact');
      expect(reason(s, history({ userEvents: [ev('answered', 90)] }), free)).toBe('eligible');
      expect(reason(s, history({ userEvents: [ev('dismissed', 91)] }), free)).toBe('eligible');
    });

    it('only counts answers to the same survey', () => {
      const free = { ...THROTTLE, globalCooldownDays: 0 };
      expect(reason(survey(), history({ userEvents: [ev('answered', 1, { surveyId: 'csat-q2' })] }), free)).toBe('eligible');
    });

    it('lets a survey shown but never answered nor dismissed come back once the global cooldown is over', () => {
      const s = survey();
      expect(reason(s, history({ userEvents: [ev('shown', 13)] }))).toBe('global_cooldown');
      expect(reason(s, history({ userEvents: [ev('shown', 15)] }))).toBe('eligible');
    });

    it('asks again every time with recontactDays 0 (throttles aside)', () => {
      const free = { ...THROTTLE, globalCooldownDays: 0 };
      expect(reason(survey({ recontactDays: 0 }), history({ userEvents: [ev('answered', 0)] }), free)).toBe('eligible');
    });
  });

  describe('globalCooldownDays', () => {
    it('shows no survey within globalCooldownDays of any survey being shown to the user', () => {
      const other = ev('shown', 3, { surveyId: 'csat-q2', surveyKind: 'csat' });
      expect(reason(survey(), history({ userEvents: [other] }))).toBe('global_cooldown');
      expect(reason(survey(), history({ userEvents: [{ ...other, timestamp: NOW - 14 * DAY_MS }] }))).toBe('eligible');
      expect(reason(survey(), history({ userEvents: [other] }), { ...THROTTLE, globalCooldownDays: 2 })).toBe('eligible');
    });

    it('counts an answer without a recorded $survey_shown as a survey shown', () => {
      expect(reason(survey(), history({ userEvents: [ev('answered', 2, { surveyId: 'csat-q2' })] }))).toBe('global_cooldown');
    });
  });

  describe('maxPromptsPerAccountPerWeek', () => {
    const shownToColleagues = (n: number, daysAgo = 1) =>
      Array.from({ length: n }, (_, i) => ev('shown', daysAgo, { userKey: `colleague-${i}` }));

    it('stops once the account was prompted maxPromptsPerAccountPerWeek times in the last 7 days', () => {
      const throttle = { ...THROTTLE, maxPromptsPerAccountPerWeek: 3 };
      expect(reason(survey(), history({ accountEvents: shownToColleagues(2) }), throttle)).toBe('eligible');
      expect(reason(survey(), history({ accountEvents: shownToColleagues(3) }), throttle)).toBe('account_weekly_cap');
      expect(reason(survey(), history({ accountEvents: shownToColleagues(3, 7) }), throttle)).toBe('eligible');
    });

    it('counts only $survey_shown, not answers or dismissals', () => {
      const throttle = { ...THROTTLE, maxPromptsPerAccountPerWeek: 1 };
      const events = [ev('answered', 1, { userKey: 'x' }), ev('dismissed', 1, { userKey: 'y' })];
      expect(reason(survey(), history({ accountEvents: events }), throttle)).toBe('eligible');
    });

    it('does not cap users without an account', () => {
      const throttle = { ...THROTTLE, maxPromptsPerAccountPerWeek: 0 };
      expect(reason(survey(), history({ accountId: null, account: null }), throttle)).toBe('eligible');
      expect(reason(survey(), history(), throttle)).toBe('account_weekly_cap');
    });
  });

  it('looks back far enough for the longest rule', () => {
    expect(lookbackDays([survey({ recontactDays: 30 }), survey({ id: 'b', recontactDays: 180 })], THROTTLE)).toBe(180);
    expect(lookbackDays([], { globalCooldownDays: 3, maxPromptsPerAccountPerWeek: 1 })).toBe(7);
  });

  it('matches array traits on any element and compares values as text', () => {
    expect(traitsMatch({ roles: ['admin'] }, { roles: ['viewer', 'admin'] })).toBe(true);
    expect(traitsMatch({ seats: ['10'] }, { seats: 10 })).toBe(true);
    expect(traitsMatch({ beta: [true] }, { beta: 'true' })).toBe(true);
    expect(traitsMatch({ plan: ['pro'] }, { plan: { name: 'pro' } })).toBe(false);
    expect(traitsMatch({ plan: [] }, { plan: 'pro' })).toBe(false);
  });
});

describe('SPEC §13 rules', () => {
  const atRisk = { accountId: 'acme', health: 30, risks: ['usage_drop'], seatUtilization: 0.2, adopted: new Set<string>() };

  it('maxResponses: a survey with that many counted responses is shown to nobody', () => {
    const s = survey({ maxResponses: 3 });
    expect(reason(s, history({ responseCounts: new Map([['nps-2026', 2]]) }))).toBe('eligible');
    expect(reason(s, history({ responseCounts: new Map([['nps-2026', 3]]) }))).toBe('max_responses');
    expect(reason(s, history())).toBe('eligible');
  });

  it('targeting.account: needs an account active in the window, in the wanted state', () => {
    const s = survey({}, { account: { risks: ['usage_drop'], notAdopted: ['reports.export'] } });
    expect(reason(s, history({ accountState: atRisk }))).toBe('eligible');
    expect(reason(s, history({ accountState: { ...atRisk, risks: [] } }))).toBe('account_state');
    expect(reason(s, history({ accountState: { ...atRisk, adopted: new Set(['reports.export']) } }))).toBe('account_state');
    expect(reason(s, history({ accountState: null }))).toBe('account_state');
    expect(reason(s, history({ accountId: null, account: null, accountState: null }))).toBe('account_state');
  });

  it('explains every rule in order, in words, with the same verdict', () => {
    const s = survey({ maxResponses: 100 }, { urlContains: '/reports', account: { health: ['atRisk'] } });
    const h = history({ userEvents: [ev('shown', 3, { surveyId: 'csat-q1' })], accountState: atRisk, responseCounts: new Map([['nps-2026', 12]]) });
    const explained = explainEligibility(s, THROTTLE, h, NOW);
    expect(explained.rules.map((r) => r.rule)).toEqual([
      'active', 'urlContains', 'accountTraits', 'userTraits', 'minDaysSinceFirstSeen', 'sampleRate',
      'recontactDays', 'globalCooldownDays', 'maxPromptsPerAccountPerWeek', 'account', 'maxResponses',
    ]);
    expect(explained.eligible).toBe(false);
    expect(reason(s, h)).toBe('global_cooldown');
    const byRule = Object.fromEntries(explained.rules.map((r) => [r.rule, r]));
    expect(byRule.globalCooldownDays).toEqual({ rule: 'globalCooldownDays', pass: false, detail: 'last shown 3 days ago (csat-q1); globalCooldownDays is 14' });
    expect(byRule.urlContains).toEqual({ rule: 'urlContains', pass: true, detail: 'page URL https://app.example.com/reports contains "/reports"' });
    expect(byRule.account).toEqual({ rule: 'account', pass: true, detail: 'account acme: health 30 (atRisk); wanted atRisk' });
    expect(byRule.maxResponses).toEqual({ rule: 'maxResponses', pass: true, detail: '12 counted responses; maxResponses is 100' });
    expect(byRule.maxPromptsPerAccountPerWeek.detail).toBe('account acme was shown 0 surveys in the last 7 days; maxPromptsPerAccountPerWeek is 20');
    expect(byRule.minDaysSinceFirstSeen.detail).toBe('first seen 30 days ago; no minimum');
  });
});
