// `GET /v1/experiments/assign` (SPEC §12): server-side assignment, identical to the SDK's `variant()`.
// Write-key auth, CORS and rate limits as for `/v1/surveys`.
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { assertOriginAllowed, cors } from '../middleware/cors.js';
import { enforceRateLimits, TokenBuckets } from '../middleware/rate-limit.js';
import { assignAll } from './definitions.js';
import { assignQuerySchema } from './route-docs.js';
import { parseRequest } from '../openapi/parse-request.js';

/**
 * Mounts `GET /v1/experiments/assign?writeKey=&userId=&anonymousId=&groupId=` → `{assignments: {key: variant|null}}`.
 * @example app.route('/', assignRoutes(ctx)); await app.request('/v1/experiments/assign?writeKey=wk_demo&groupId=acme')
 */
export function assignRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const buckets = new TokenBuckets();
  app.use('/v1/experiments/assign', cors(ctx.config, { methods: ['GET', 'OPTIONS'] }));
  app.get('/v1/experiments/assign', (c) => {
    // Validated with the schema GET /openapi.json describes the query by; an empty parameter is absent.
    const query = parseRequest(assignQuerySchema, c.req.query());
    const param = (name: keyof typeof query) => query[name] || null;
    const writeKey = param('writeKey') ?? c.req.header('x-uptake-write-key') ?? null;
    const project = writeKey ? ctx.byWriteKey.get(writeKey) : undefined;
    if (!project) throw new UptakeError('unauthorized', writeKey ? 'unknown write key' : 'missing writeKey');
    assertOriginAllowed(c, project);
    enforceRateLimits(buckets, c, project);
    const ids = { userId: param('userId'), anonymousId: param('anonymousId'), groupId: param('groupId') };
    // Assignments change only with the config and the clock, but a cached answer could outlive an experiment's end.
    c.header('Cache-Control', 'no-store');
    return c.json({ assignments: assignAll(project, ids, ctx.now()) });
  });
  return app;
}
