import { describe, expect, it } from 'vitest';
import type { SurveyDef } from '@uptake/protocol';
import { followUpQuestion, scaleScores, scoreCategory } from './follow-up.js';

const nps: SurveyDef = {
  id: 'nps', kind: 'nps', question: 'How likely…?', trigger: null,
  followUp: { detractor: 'What should we fix first?', passive: 'What would make it a 10?', promoter: 'What do you value most?' },
};

describe('follow-up question', () => {
  it('groups NPS scores: 0–6 detractor, 7–8 passive, 9–10 promoter', () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => scoreCategory('nps', s))).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('groups CSAT scores: 1–2 detractor, 3 passive, 4–5 promoter', () => {
    expect([1, 2, 3, 4, 5].map((s) => scoreCategory('csat', s))).toEqual(['detractor', 'detractor', 'passive', 'promoter', 'promoter']);
  });

  it('groups CES scores: 1–3 detractor, 4 passive, 5–7 promoter (5–7 count as easy)', () => {
    expect([1, 3, 4, 5, 7].map((s) => scoreCategory('ces', s))).toEqual(['detractor', 'detractor', 'passive', 'promoter', 'promoter']);
  });

  it("asks the question configured for the score's category", () => {
    expect(followUpQuestion(nps, 3)).toBe('What should we fix first?');
    expect(followUpQuestion(nps, 8)).toBe('What would make it a 10?');
    expect(followUpQuestion(nps, 10)).toBe('What do you value most?');
  });

  it('asks nothing when the survey has no follow-up for that category', () => {
    expect(followUpQuestion({ ...nps, followUp: undefined }, 3)).toBeNull();
    expect(followUpQuestion({ ...nps, followUp: { promoter: 'Why?' } }, 3)).toBeNull();
    expect(followUpQuestion({ ...nps, kind: 'csat', followUp: undefined }, 5)).toBeNull();
  });

  it('offers 0–10 for NPS, 1–5 for CSAT and 1–7 for CES', () => {
    expect(scaleScores('nps')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scaleScores('csat')).toEqual([1, 2, 3, 4, 5]);
    expect(scaleScores('ces')).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
