// Which follow-up question a score leads to (SPEC §2 `followUp`): NPS detractor 0–6, passive 7–8,
// promoter 9–10; CSAT 1–2, 3, 4–5 and CES 1–3, 4, 5–7 the same way. No configured question, no follow-up.
import type { LocalizedText, SurveyDef, SurveyKind } from '@uptake/protocol';

export type Category = 'detractor' | 'passive' | 'promoter';

/** Highest detractor and passive score per scale (CES counts 5–7 as easy, SPEC §13). */
const BOUNDS: Record<string, [number, number]> = { nps: [6, 8], csat: [2, 3], ces: [3, 4] };

/**
 * The category of a score on a survey's scale.
 * @example scoreCategory('nps', 8) // → 'passive'
 */
export function scoreCategory(kind: SurveyKind, score: number): Category {
  const [detractorMax, passiveMax] = BOUNDS[kind] ?? BOUNDS.csat;
  return score <= detractorMax ? 'detractor' : score <= passiveMax ? 'passive' : 'promoter';
}

/**
 * The follow-up question to ask after a score, or null when the survey configures none for it.
 * @example followUpQuestion(survey, 3) // → 'What should we fix first?'
 */
export function followUpQuestion(survey: SurveyDef, score: number): LocalizedText | null {
  return survey.followUp?.[scoreCategory(survey.kind, score)] || null;
}

/** The scores of a survey's scale, lowest first. */
export function scaleScores(kind: SurveyKind): number[] {
  const [low, high] = kind === 'nps' ? [0, 10] : kind === 'ces' ? [1, 7] : [1, 5];
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}
