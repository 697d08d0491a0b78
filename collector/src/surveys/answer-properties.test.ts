import { describe, expect, it } from 'vitest';
import { validateBatch } from '../ingest/normalize.js';
import { surveyAnswerProblem } from './answer-properties.js';

const answered = (properties: Record<string, unknown>) => ({ type: 'track', event: '$survey_answered', userId: 'u1', messageId: `m-${JSON.stringify(properties)}`, properties });

describe('ingest check of survey answers (SPEC §13)', () => {
  it('accepts CES scores 1–7 and a choice key, with or without an "other" comment', () => {
    expect(surveyAnswerProblem({ surveyId: 's', kind: 'ces', score: 1 })).toBeNull();
    expect(surveyAnswerProblem({ surveyId: 's', kind: 'ces', score: 7 })).toBeNull();
    expect(surveyAnswerProblem({ surveyId: 's', kind: 'choice', choice: 'too_expensive' })).toBeNull();
    expect(surveyAnswerProblem({ surveyId: 's', kind: 'choice', choice: 'other', comment: 'Moving to a rival' })).toBeNull();
    // NPS and CSAT answers are left to counting, as before.
    expect(surveyAnswerProblem({ surveyId: 's', kind: 'nps', score: 42 })).toBeNull();
  });

  it('names the bad field', () => {
    expect(surveyAnswerProblem({ kind: 'ces', score: 0 })).toBe('properties.score: a CES answer is a whole number from 1 to 7');
    expect(surveyAnswerProblem({ kind: 'ces', score: 8 })).toMatch(/^properties\.score:/);
    expect(surveyAnswerProblem({ kind: 'ces', score: 4.5 })).toMatch(/^properties\.score:/);
    expect(surveyAnswerProblem({ kind: 'choice' })).toBe('properties.choice: a choice answer needs the picked key');
    expect(surveyAnswerProblem({ kind: 'choice', choice: 3 })).toMatch(/^properties\.choice:/);
    expect(surveyAnswerProblem({ kind: 'choice', choice: 'x'.repeat(101) })).toMatch(/^properties\.choice:/);
  });

  it('rejects a bad answer alone: its neighbours in the batch are kept', () => {
    const { events, rejected } = validateBatch(
      [answered({ surveyId: 's', kind: 'ces', score: 6 }), answered({ surveyId: 's', kind: 'ces', score: 9 }), answered({ surveyId: 'c', kind: 'choice', choice: 'a' })],
      { receivedAt: Date.UTC(2026, 0, 5), sentAt: null },
    );
    expect(events.map((e) => e.properties)).toEqual([{ surveyId: 's', kind: 'ces', score: 6 }, { surveyId: 'c', kind: 'choice', choice: 'a' }]);
    expect(rejected.map((r) => [r.index, r.code, r.reason])).toEqual([[1, 'invalid_survey_answer', 'properties.score: a CES answer is a whole number from 1 to 7']]);
  });
});
