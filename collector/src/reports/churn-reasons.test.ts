import { describe, expect, it } from 'vitest';
import { churnReasons, type ChoiceAnswer } from './churn-reasons.js';

const surveys = [
  { id: 'exit', kind: 'choice', topic: 'churn', choices: [{ key: 'price', label: 'Too expensive' }, { id: 'missing', label: { en: 'Missing features', de: 'Fehlende Funktionen' } }, 'other'] },
  { id: 'pricing-poll', kind: 'choice', choices: ['price'] }, // no churn topic: not counted
  { id: 'nps', kind: 'nps' },
];
const a = (surveyId: string, userKey: string, accountId: string | null, timestamp: number, choice?: string | null): ChoiceAnswer => ({ surveyId, userKey, accountId, timestamp, choice });

describe('churn reasons', () => {
  it('counts the latest answer per user of churned accounts to churn-topic choice surveys', () => {
    const answers = [
      a('exit', 'u1', 'gone1', 1, 'missing'), // superseded by u1's later answer
      a('exit', 'u1', 'gone1', 2, 'price'),
      a('exit', 'u2', 'gone1', 3, 'price'),
      a('exit', 'u3', 'gone2', 4, 'missing'),
      a('exit', 'u4', 'gone2', 5, 'other'),
      a('exit', 'u5', 'stayed', 6, 'price'), // account did not churn
      a('exit', 'u6', null, 7, 'price'), // no account
      a('pricing-poll', 'u2', 'gone1', 8, 'price'), // not a churn survey
      a('nps', 'u3', 'gone2', 9, null),
      a('exit', 'u7', 'gone2', 10), // store without the choice field yet: no reason
    ];
    // price: u1 (latest), u2 → 2; missing: u3 → 1; other: u4 → 1 (ties by choice id)
    expect(churnReasons(answers, new Set(['gone1', 'gone2']), surveys)).toEqual([
      { surveyId: 'exit', choice: 'price', label: 'Too expensive', count: 2 },
      { surveyId: 'exit', choice: 'missing', label: 'Missing features', count: 1 },
      { surveyId: 'exit', choice: 'other', label: 'other', count: 1 },
    ]);
  });

  it('is empty without churned accounts or without churn surveys', () => {
    expect(churnReasons([a('exit', 'u1', 'x', 1, 'price')], new Set(), surveys)).toEqual([]);
    expect(churnReasons([a('exit', 'u1', 'x', 1, 'price')], new Set(['x']), [])).toEqual([]);
  });
});
