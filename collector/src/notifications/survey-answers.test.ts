import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import type { SurveyRule } from './config-schema.js';
import { matchesSurveyRule, surveyAnswerWork } from './survey-answers.js';

const rule = (when: SurveyRule['when']): SurveyRule => ({ on: 'survey.answered', when, to: ['cs'] });

describe('survey.answered rules', () => {
  it('filter on kinds, scoreAtMost, scoreAtLeast (inclusive) and withComment', () => {
    expect(matchesSurveyRule(rule({ kinds: ['nps'] }), 'csat', 1, true)).toBe(false);
    expect(matchesSurveyRule(rule({ scoreAtMost: 6 }), 'nps', 6, false)).toBe(true);
    expect(matchesSurveyRule(rule({ scoreAtMost: 6 }), 'nps', 7, false)).toBe(false);
    expect(matchesSurveyRule(rule({ scoreAtLeast: 9 }), 'nps', 9, false)).toBe(true);
    expect(matchesSurveyRule(rule({ scoreAtLeast: 9 }), 'nps', 8, false)).toBe(false);
    expect(matchesSurveyRule(rule({ withComment: true }), 'nps', 3, false)).toBe(false);
    expect(matchesSurveyRule(rule({ withComment: true }), 'nps', 3, true)).toBe(true);
    expect(matchesSurveyRule(rule({}), 'csat', 5, false)).toBe(true);
  });

  it('queues a score to wait commentWaitSeconds and a comment to go now, one id per response and destination', () => {
    const project = parseConfig({ projects: [{ id: 'demo', writeKey: 'wk', secretKey: 'sk_demo_long_enough', notifications: {
      commentWaitSeconds: 30,
      destinations: [{ id: 'cs', type: 'slack', url: 'https://hooks.slack.com/x' }, { id: 'crm', type: 'webhook', url: 'https://crm.example.com/x', secret: 's' }],
      rules: [{ on: 'survey.answered', to: ['cs', 'crm'] }, { on: 'survey.answered', when: { scoreAtMost: 6 }, to: ['cs'] }],
    } }] }, 'c', () => {}).projects[0];
    const event = (messageId: string, properties: Record<string, unknown>) => ({
      messageId, type: 'track' as const, event: '$survey_answered', userId: 'u1', anonymousId: null, userKey: 'u1', groupId: 'acme',
      timestamp: 1000, receivedAt: 1000, sessionId: null, properties: { kind: 'nps', responseId: 'r1', ...properties }, traits: null, context: null,
    });
    const score = surveyAnswerWork(project, [event('a', { score: 3 }), { ...event('b', {}), event: 'Report Exported' }], 5000);
    // Two destinations (cs matched by both rules counts once): due 5000 + 30 s.
    expect(score.add.map((i) => [i.destination, i.nextAttemptAt])).toEqual([['cs', 35_000], ['crm', 35_000]]);
    expect(score.revise).toEqual([]);
    const comment = surveyAnswerWork(project, [event('c', { score: 3, comment: 'slow' })], 9000);
    expect(comment.revise.map((i) => [i.id, i.nextAttemptAt])).toEqual(score.add.map((i) => [i.id, 9000]));
    expect(JSON.parse(comment.revise[0].body).data).toMatchObject({ responseId: 'r1', score: 3, comment: 'slow' });
  });
});
