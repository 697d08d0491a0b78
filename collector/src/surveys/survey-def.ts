// What the browser receives of a configured survey: the question and its look, never the targeting.
import type { SurveyConfig } from '../config.js';
import type { SurveyDef } from '@uptake/protocol';

/**
 * The public definition of a survey (`GET /v1/surveys` item).
 * @example toSurveyDef(project.surveys[0]) // → { id, kind, question, followUp?, trigger, appearance? }
 */
export function toSurveyDef(survey: SurveyConfig): SurveyDef {
  const def: SurveyDef = { id: survey.id, kind: survey.kind, question: survey.question, trigger: survey.targeting.trigger ?? null };
  if (survey.followUp) def.followUp = survey.followUp;
  if (survey.appearance) def.appearance = survey.appearance;
  return def;
}
