// What the browser receives of a configured survey: the question and its look, never the targeting.
import type { ProjectConfig, SurveyConfig } from '../config.js';
import type { SurveyDef } from '@uptake/protocol';

/**
 * The public definition of a survey (`GET /v1/surveys` item).
 * @example toSurveyDef(project.surveys[0], project) // → { id, kind, question, followUp?, choices?, trigger, appearance? }
 */
export function toSurveyDef(survey: SurveyConfig, project?: Pick<ProjectConfig, 'defaultLocale'>): SurveyDef {
  const def: SurveyDef = { id: survey.id, kind: survey.kind, question: survey.question, trigger: survey.targeting.trigger ?? null };
  if (survey.followUp) def.followUp = survey.followUp;
  if (survey.choices) def.choices = survey.choices;
  if (survey.other) def.other = true;
  // Only translated texts need the fallback locale.
  const texts = [survey.question, ...Object.values(survey.followUp ?? {}), ...(survey.choices ?? []).map((c) => c.label)];
  if (project && texts.some((t) => typeof t === 'object')) def.defaultLocale = project.defaultLocale;
  if (survey.appearance) def.appearance = survey.appearance;
  return def;
}
