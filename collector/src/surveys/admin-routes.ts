// Admin routes of surveys (SPEC §13), behind the project's secret key:
// GET /v1/admin/surveys/:id/explain — every eligibility rule for one user, in words;
// GET /v1/admin/surveys/:id/reach — who would be eligible now among the last 30 days' active users.
import { Hono } from 'hono';
import type { ProjectConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { requireAccess, type AccessEnv } from '../access/require-access.js';
import type { Store } from '../storage/store.js';
import { explainEligibility, type Explanation } from './eligibility.js';
import { loadSurveyHistory, type SurveyRequest } from './history.js';
import { surveyReach } from './reach.js';

/** The project's survey by id, else a 404. */
export function surveyOf(project: ProjectConfig, id: string) {
  const survey = project.surveys.find((s) => s.id === id);
  if (!survey) throw new UptakeError('not_found', `no survey "${id}" in project ${project.id}`);
  return survey;
}

/**
 * Every rule's verdict for one user: what `GET /v1/surveys` decides, with its reasons.
 * @example await explainSurvey(store, project, 'nps-2026', { userId: 'u_1', anonymousId: null, groupId: null, url: null }, Date.now())
 */
export async function explainSurvey(store: Store, project: ProjectConfig, surveyId: string, request: SurveyRequest, now: number): Promise<Explanation> {
  const survey = surveyOf(project, surveyId);
  if (!request.userId && !request.anonymousId) throw new UptakeError('invalid_request', 'userId or anonymousId is required');
  const history = await loadSurveyHistory(store, project, request, now);
  return explainEligibility(survey, project.throttle, history, now);
}

/**
 * Mounts the survey admin routes.
 * @example app.route('/', surveyAdminRoutes(ctx))
 */
export function surveyAdminRoutes(ctx: AppContext): Hono {
  const app = new Hono<AccessEnv>();
  app.use('/v1/admin/surveys/*', requireAccess(ctx, 'admin'));
  app.get('/v1/admin/surveys/:id/explain', async (c) => {
    const param = (name: string) => c.req.query(name) || null;
    const request = { userId: param('userId'), anonymousId: param('anonymousId'), groupId: param('groupId'), url: param('url') };
    c.header('Cache-Control', 'no-store');
    return c.json(await explainSurvey(ctx.store, c.get('project'), c.req.param('id'), request, ctx.now()));
  });
  app.get('/v1/admin/surveys/:id/reach', async (c) => {
    const project = c.get('project');
    c.header('Cache-Control', 'no-store');
    return c.json(await surveyReach(ctx.store, project, surveyOf(project, c.req.param('id')), ctx.now()));
  });
  return app as unknown as Hono;
}
