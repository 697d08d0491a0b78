// `GET /v1/surveys` (SPEC §4): the surveys this user may be shown now, decided from stored history.
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { assertOriginAllowed, cors } from '../middleware/cors.js';
import { enforceRateLimits, TokenBuckets } from '../middleware/rate-limit.js';
import type { SurveysResponse } from '@uptake/protocol';
import { checkEligibility } from './eligibility.js';
import { loadSurveyHistory } from './history.js';
import { toSurveyDef } from './survey-def.js';
import { experimentDefs } from '../experiments/definitions.js';

/**
 * Mounts `GET /v1/surveys?writeKey=&anonymousId=&userId=&groupId=&url=`.
 * @example app.route('/', surveysRoutes(ctx)); await app.request('/v1/surveys?writeKey=wk_demo&anonymousId=a1')
 */
export function surveysRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  // Survey fetches have their own buckets: a burst of page loads must not eat the ingest budget.
  const buckets = new TokenBuckets();
  app.use('/v1/surveys', cors(() => ctx.config, { methods: ['GET', 'OPTIONS'] }));
  app.get('/v1/surveys', async (c) => {
    const param = (name: string) => c.req.query(name) || null;
    const writeKey = param('writeKey') ?? c.req.header('x-uptake-write-key') ?? null;
    const project = writeKey ? ctx.byWriteKey.get(writeKey) : undefined;
    if (!project) throw new UptakeError('unauthorized', writeKey ? 'unknown write key' : 'missing writeKey');
    assertOriginAllowed(c, project);
    enforceRateLimits(buckets, c, project);
    const request = { userId: param('userId'), anonymousId: param('anonymousId'), groupId: param('groupId'), url: param('url') };
    if (!request.userId && !request.anonymousId) throw new UptakeError('invalid_request', 'userId or anonymousId is required');

    const now = ctx.now();
    const history = await loadSurveyHistory(ctx.store, project, request, now);
    const surveys = project.surveys.filter((s) => checkEligibility(s, project.throttle, history, now).eligible).map((s) => toSurveyDef(s, project));
    // The answer depends on history that changes with every answer: never let a cache reuse it.
    c.header('Cache-Control', 'no-store');
    return c.json<SurveysResponse>({ surveys, experiments: experimentDefs(project) } as SurveysResponse);
  });
  return app;
}
