// Which follow-up question a score leads to (SPEC §2 `followUp`): NPS detractor 0–6, passive 7–8,
// promoter 9–10; CSAT 1–2, 3, 4–5 the same way. No configured question, no follow-up.
import type { SurveyDef, SurveyKind } from '@uptake/protocol';

export type Category = 'detractor' | 'passive' | 'promoter';

/**
 * The category of a score on a survey's scale.
 * @example scoreCategory('nps', 8) // → 'passive'
 */
export function scoreCategory(kind: SurveyKind, score: number): Category {
  const [detractorMax, passiveMax] = kind === 'nps' ? [6, 8] : [2, 3];
  return score <= detractorMax ? 'detractor' : score <= passiveMax ? 'passive' : 'promoter';
}

/**
 * The follow-up question to ask after a score, or null when the survey configures none for it.
 * @example followUpQuestion(survey, 3) // → 'What should we fix first?'
 */
export function followUpQuestion(survey: SurveyDef, score: number): string | null {
  return survey.followUp?.[scoreCategory(survey.kind, score)] || null;
}

/** The scores of a survey's scale, lowest first. */
export function scaleScores(kind: SurveyKind): number[] {
  return kind === 'nps' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [1, 2, 3, 4, 5];
}
