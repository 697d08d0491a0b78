import { describe, expect, it } from 'vitest';
import type { SurveyAnswerRow } from '../storage/store.js';
import { cesSummary, choiceCounts, countedAnswers, csatSummary, npsSummary, responseRate, revenueWeightedNps, sumPairs } from './satisfaction-metrics.js';

function answer(userKey: string, surveyId: string, timestamp: number, score: number | null, comment: string | null = null): SurveyAnswerRow {
  return { surveyId, surveyKind: null, userKey, accountId: 'acme', score, choice: null, comment, timestamp };
}
const kinds = new Map([['nps-q1', 'nps' as const], ['csat-q1', 'csat' as const]]);

describe('satisfaction metrics', () => {
  it('counts only the latest answer of each (user, survey), and only answers with a score', () => {
    const answers = countedAnswers(
      [answer('u1', 'nps-q1', 2, 10), answer('u1', 'nps-q1', 1, 3), answer('u1', 'csat-q1', 1, 4), answer('u2', 'nps-q1', 1, null)],
      kinds,
    );
    expect(answers.map((a) => [a.userKey, a.surveyId, a.kind, a.score])).toEqual([['u1', 'nps-q1', 'nps', 10], ['u1', 'csat-q1', 'csat', 4]]);
  });

  it('lets the later row win at equal times (the answer resent with its comment)', () => {
    const [counted] = countedAnswers([answer('u1', 'nps-q1', 5, 8), answer('u1', 'nps-q1', 5, 8, 'great')], kinds);
    expect(counted.comment).toBe('great');
  });

  it('ignores scores off the scale and surveys of unknown kind, and takes the kind from the event for unknown surveys', () => {
    const other = { ...answer('u3', 'other', 1, 9), surveyKind: 'nps' as const };
    const answers = countedAnswers([answer('u1', 'nps-q1', 1, 11), answer('u2', 'csat-q1', 1, 0), answer('u2', 'mystery', 1, 5), other], kinds);
    expect(answers.map((a) => a.userKey)).toEqual(['u3']);
  });

  it('NPS of 10, 9, 8, 6, 0: (2 promoters − 2 detractors) / 5 = 0', () => {
    expect(npsSummary([10, 9, 8, 6, 0])).toEqual({ score: 0, promoters: 2, passives: 1, detractors: 2, responses: 5 });
    expect(npsSummary([10, 7, 3, 2]).score).toBe(-25);
    expect(npsSummary([])).toEqual({ score: null, promoters: 0, passives: 0, detractors: 0, responses: 0 });
  });

  it('CSAT of 5, 4, 3, 1: 2 satisfied of 4 = 50, mean 13 / 4', () => {
    expect(csatSummary([5, 4, 3, 1])).toEqual({ score: 50, mean: 3.25, responses: 4 });
    expect(csatSummary([])).toEqual({ score: null, mean: null, responses: 0 });
  });

  it('response rate: 3 of 4 shown pairs answered = 0.75; pairs of several surveys add up; none shown = null', () => {
    expect(responseRate({ shown: 4, answered: 3 })).toBe(0.75);
    expect(sumPairs([{ shown: 4, answered: 3 }, { shown: 2, answered: 0 }])).toEqual({ shown: 6, answered: 3 });
    expect(responseRate(sumPairs([{ shown: 4, answered: 3 }, { shown: 2, answered: 0 }]))).toBe(0.5);
    expect(responseRate({ shown: 0, answered: 0 })).toBeNull();
  });

  it('revenue-weighted NPS: (100·50 + 300·(−50)) / 400 = −25; skips accounts without mrr or responses', () => {
    expect(revenueWeightedNps([{ mrr: 100, nps: 50 }, { mrr: 300, nps: -50 }, { mrr: null, nps: 100 }, { mrr: 0, nps: 100 }, { mrr: 500, nps: null }])).toBe(-25);
    expect(revenueWeightedNps([{ mrr: null, nps: 100 }])).toBeNull();
  });
});

describe('CES and choice metrics (SPEC §13)', () => {
  it('gives CES as the mean score and the share answering 5–7', () => {
    // (7 + 5 + 4 + 1) / 4 = 4.25; 7 and 5 are easy: 2 / 4 = 0.5
    expect(cesSummary([7, 5, 4, 1])).toEqual({ mean: 4.25, easyShare: 0.5, responses: 4 });
    expect(cesSummary([])).toEqual({ mean: null, easyShare: null, responses: 0 });
  });

  it('counts CES answers 1–7 and only the latest of each (user, survey)', () => {
    const cesKinds = new Map([['ease', 'ces' as const]]);
    const rows = [answer('u1', 'ease', 1, 2), answer('u1', 'ease', 2, 6), answer('u2', 'ease', 1, 8), answer('u3', 'ease', 1, 0), answer('u4', 'ease', 1, 7)];
    // u1's later 6 replaces 2; 8 and 0 are off the 1–7 scale: scores 6 and 7
    expect(countedAnswers(rows, cesKinds).map((a) => [a.userKey, a.score])).toEqual([['u1', 6], ['u4', 7]]);
  });

  it('counts choice answers per key, the latest per (user, survey), "other" as a key', () => {
    const choiceKinds = new Map([['exit', 'choice' as const]]);
    const pick = (userKey: string, surveyId: string, timestamp: number, choice: string | null) => ({ ...answer(userKey, surveyId, timestamp, null), choice });
    const rows = [
      pick('u1', 'exit', 1, 'price'), pick('u1', 'exit', 2, 'missing_feature'), // u1 changed their mind: missing_feature
      pick('u2', 'exit', 1, 'price'),
      pick('u3', 'exit', 1, 'other'),
      pick('u4', 'exit', 1, null), // no key: not a response
      pick('u5', 'nps-q1', 1, 'price'), // not a choice survey
    ];
    const counts = choiceCounts(rows, choiceKinds);
    expect([...counts]).toEqual([['exit', { responses: 3, counts: { missing_feature: 1, price: 1, other: 1 } }]]);
    // A choice answer never counts as an NPS/CSAT/CES response.
    expect(countedAnswers(rows, new Map([...choiceKinds, ...kinds]))).toEqual([]);
  });
});
