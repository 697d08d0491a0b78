// `maxResponses` (SPEC §13): a survey's counted responses, all time — per (user, survey) one, as the
// satisfaction report counts them (a score on the survey's scale, or a choice's key).
import type { ProjectConfig, SurveyConfig } from '../config.js';
import { choiceCounts, countedAnswers } from '../reports/satisfaction-metrics.js';
import type { Store } from '../storage/store.js';

// Read your writes: counted fresh on each call (only surveys that set maxResponses are counted).
const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

/**
 * The survey's counted responses so far.
 * @example await countedResponses(store, project, survey) // → 12
 */
export async function countedResponses(store: Store, project: ProjectConfig, survey: SurveyConfig): Promise<number> {
  const rows = (await store.surveyEvents(project.id, { fromMs: 0, toMs: FAR_FUTURE, surveyId: survey.id })).filter((r) => r.kind === 'answered');
  const kinds = new Map([[survey.id, survey.kind]]);
  return survey.kind === 'choice' ? choiceCounts(rows, kinds).get(survey.id)?.responses ?? 0 : countedAnswers(rows, kinds).length;
}
