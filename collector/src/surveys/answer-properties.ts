// Ingest's check of a `$survey_answered` event's answer (SPEC §3, §13): a CES score on its 1–7 scale,
// a choice as a key. Other surveys' answers are checked when counted, as before (an NPS score off its
// scale is stored and not counted).

/** Longest choice key accepted (the config's keys are at most 100 characters). */
export const MAX_CHOICE_LENGTH = 100;

/**
 * The problem with a `$survey_answered` event's properties, naming the field, or null when fine.
 * @example surveyAnswerProblem({ kind: 'ces', score: 9 }) // → 'properties.score: a CES answer is a whole number from 1 to 7'
 */
export function surveyAnswerProblem(properties: Record<string, unknown> | null): string | null {
  const p = properties ?? {};
  const choice = p.choice;
  if (choice !== undefined && choice !== null && (typeof choice !== 'string' || choice === '' || choice.length > MAX_CHOICE_LENGTH)) {
    return `properties.choice: a choice is a key of 1 to ${MAX_CHOICE_LENGTH} characters`;
  }
  if (p.kind === 'ces' && p.score !== undefined && p.score !== null && !(Number.isInteger(p.score) && (p.score as number) >= 1 && (p.score as number) <= 7)) {
    return 'properties.score: a CES answer is a whole number from 1 to 7';
  }
  if (p.kind === 'choice' && (choice === undefined || choice === null)) return 'properties.choice: a choice answer needs the picked key';
  return null;
}
