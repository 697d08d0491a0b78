// Ingest routes: `POST /v1/batch` (SPEC §3, Segment-compatible), `GET /healthz` and `GET /metrics`.
import { Hono, type Context } from 'hono';
import { LIMITS, type BatchResponse } from '@uptake/protocol';
import type { ProjectConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { assertOriginAllowed, cors } from '../middleware/cors.js';
import { enforceRateLimits } from '../middleware/rate-limit.js';
import { validateBatch } from './normalize.js';
import { readJsonBody } from './read-body.js';
import { parseTime } from './skew.js';
import { writeKeyFromHeaders } from './write-key.js';
import { metricsTokenSent } from '../middleware/metrics-token.js';

/**
 * Mounts the ingest endpoints.
 * @example app.route('/', ingestRoutes(ctx)); await app.request('/v1/batch', { method: 'POST', body })
 */
export function ingestRoutes(ctx: AppContext): Hono {
  const app = new Hono();

  app.use('/v1/batch', cors(() => ctx.config, { methods: ['POST', 'OPTIONS'] }));
  app.post('/v1/batch', async (c) => {
    const started = performance.now();
    try {
      return await handleBatch(ctx, c, null);
    } finally {
      ctx.metrics.ingestDuration.observe((performance.now() - started) / 1000);
    }
  });
  // Segment's single-call endpoints (SPEC §16): one message each, answered like a batch of one.
  for (const type of SINGLE_CALL_TYPES) {
    app.use(`/v1/${type}`, cors(ctx.config, { methods: ['POST', 'OPTIONS'] }));
    app.post(`/v1/${type}`, (c) => handleBatch(ctx, c, type));
  }

  app.get('/healthz', async (c) => {
    try {
      await ctx.store.ping();
    } catch (err) {
      if (err instanceof UptakeError) throw err;
      throw new UptakeError('storage_unavailable', 'storage does not answer', { retryAfter: 5, cause: err });
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok', config: ctx.configInfo });
  });

  app.get('/metrics', (c) => {
    const perProject = metricsTokenSent(ctx.config.metricsToken, c.req.header('authorization'));
    c.header('Cache-Control', 'no-store');
    return c.body(ctx.metrics.render(perProject), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  return app;
}

/** Resolves the write key's project, then checks the browser origin and the rate limits. */
function admit(ctx: AppContext, c: Context, writeKey: unknown): ProjectConfig {
  const project = typeof writeKey === 'string' && writeKey !== '' ? ctx.byWriteKey.get(writeKey) : undefined;
  if (!project) throw new UptakeError('unauthorized', writeKey ? 'unknown write key' : 'missing write key (body writeKey, Basic auth or X-Uptake-Write-Key)');
  assertOriginAllowed(c, project);
  enforceRateLimits(ctx.rateLimits, c, project);
  return project;
}

/** The message types of Segment's single-call endpoints `POST /v1/<type>`. */
export const SINGLE_CALL_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const;

/** `POST /v1/batch` (`single` null), or `POST /v1/<single>` whose body is one message of that type. */
async function handleBatch(ctx: AppContext, c: Context, single: (typeof SINGLE_CALL_TYPES)[number] | null): Promise<Response> {
  const receivedAt = ctx.now();
  const headerKey = writeKeyFromHeaders(c);
  // With the key in a header, bad keys, origins and floods are refused before the body is read.
  let project = headerKey !== null ? admit(ctx, c, headerKey) : null;

  const body = await readJsonBody(c);
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (single !== null && !isObject) throw new UptakeError('invalid_body', `body must be one ${single} message (a JSON object)`);
  if (single === null && (!isObject || !Array.isArray((body as { batch?: unknown }).batch))) {
    throw new UptakeError('invalid_body', 'body must be a JSON object with a "batch" array');
  }
  // A single call's body is the message itself; the path names its type.
  const { batch, writeKey, sentAt } = single === null
    ? (body as { batch: unknown[]; writeKey?: unknown; sentAt?: unknown })
    : { batch: [{ ...(body as object), type: single }], writeKey: (body as { writeKey?: unknown }).writeKey, sentAt: (body as { sentAt?: unknown }).sentAt };
  project ??= admit(ctx, c, writeKey);
  if (batch.length > LIMITS.maxBatchEvents) {
    throw new UptakeError('payload_too_large', `batch of ${batch.length} events; at most ${LIMITS.maxBatchEvents} per request`);
  }

  const sent = parseTime(sentAt);
  const { events, rejected } = validateBatch(batch, { receivedAt, sentAt: sent === null || Number.isNaN(sent) ? null : sent });
  // Resolves only once committed: acknowledged means durable.
  const result = events.length > 0 ? await ctx.store.ingest(project.id, events) : { accepted: 0, duplicateIndexes: [] };

  ctx.metrics.eventsAccepted.inc(result.accepted, { project: project.id });
  ctx.metrics.eventsDuplicate.inc(result.duplicateIndexes.length, { project: project.id });
  for (const r of rejected) ctx.metrics.eventsRejected.inc(1, { project: project.id, reason: r.code });
  // Survey answers' notifications are queued before the 200 (a no-op for projects without such rules).
  if (events.length > 0) await ctx.notifications.afterIngest(project.id, events);
  c.header('Cache-Control', 'no-store');
  return c.json<BatchResponse>({
    accepted: result.accepted,
    duplicates: result.duplicateIndexes.length,
    rejected: rejected.map(({ index, messageId, reason }) => ({ index, messageId, reason })),
  });
}
