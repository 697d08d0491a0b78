// OpenAPI descriptions of the ingest part's routes (ingest/routes.ts): POST /v1/batch, Segment's
// single-call endpoints POST /v1/<type>, /healthz, /metrics.
import { LIMITS } from '@uptake/protocol';
import { z } from 'zod';
import { errorResponse, type RouteDoc } from '../openapi/route-doc.js';
import { SINGLE_CALL_TYPES } from './routes.js';

const json = z.record(z.string(), z.unknown());

/** One event of a batch (Segment spec fields; unknown fields are ignored). */
const wireEventSchema = z.looseObject({
  type: z.enum(['track', 'identify', 'group', 'page', 'screen', 'alias']),
  messageId: z.string().max(100).optional().describe('deduplication key; the SDK sends a UUIDv7'),
  timestamp: z.string().optional().describe('ISO-8601 client time'),
  originalTimestamp: z.string().optional(),
  userId: z.string().optional(),
  anonymousId: z.string().optional(),
  groupId: z.string().optional().describe('the account'),
  event: z.string().min(1).max(200).optional().describe('track: the event name'),
  name: z.string().optional().describe('page: the page name'),
  previousId: z.string().optional().describe('alias: the earlier id, linked to userId'),
  properties: json.optional(),
  traits: json.optional(),
  context: json.optional(),
});

export const batchRequestSchema = z.object({
  writeKey: z.string().optional().describe('or HTTP Basic auth (key as user name) or X-Uptake-Write-Key'),
  sentAt: z.string().optional().describe('ISO-8601 client time of sending; enables clock-skew correction'),
  batch: z.array(wireEventSchema).max(LIMITS.maxBatchEvents),
});

/** The body of `POST /v1/<type>`: one message; the path gives its type (a `type` field is ignored). */
export const singleCallRequestSchema = wireEventSchema.omit({ type: true }).extend({
  writeKey: batchRequestSchema.shape.writeKey,
  sentAt: batchRequestSchema.shape.sentAt,
});

export const batchResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), messageId: z.string().nullable(), reason: z.string() })),
});

const ingestErrors = {
  401: errorResponse('missing or unknown write key'),
  403: errorResponse('origin not allowed for this project'),
  413: errorResponse('body or batch over the limits'),
  429: errorResponse('rate limited (Retry-After)'),
  503: errorResponse('storage unavailable (Retry-After)'),
};

/** Segment's single-call endpoint `POST /v1/<type>`: answered like a batch of one. */
const singleCall = (type: (typeof SINGLE_CALL_TYPES)[number]): RouteDoc => ({
  method: 'post', path: `/v1/${type}`, tag: 'ingest', auth: 'writeKey',
  summary: `Ingest one ${type} message (Segment HTTP Tracking API single call); answered like a batch of one`,
  body: singleCallRequestSchema,
  responses: {
    200: { description: 'the message is accepted (accepted 1), a duplicate (duplicates 1), or rejected with its reason (index 0)', json: batchResponseSchema },
    400: errorResponse('the body is not one JSON object'),
    ...ingestErrors,
  },
});

export const ingestRouteDocs: RouteDoc[] = [
  {
    method: 'post', path: '/v1/batch', tag: 'ingest', auth: 'writeKey',
    summary: 'Ingest a batch of events (Segment HTTP Tracking API batch call); 200 only once committed',
    body: batchRequestSchema,
    responses: {
      200: { description: 'every event is accepted, a duplicate, or rejected alone', json: batchResponseSchema },
      400: errorResponse('the body is not a JSON object with a batch array'),
      ...ingestErrors,
    },
  },
  ...SINGLE_CALL_TYPES.map(singleCall),
  {
    method: 'get', path: '/healthz', tag: 'operations', auth: 'none',
    summary: 'Liveness and storage check',
    responses: { 200: { description: 'the store answers', json: z.object({ status: z.literal('ok'), config: z.object({ hash: z.string(), loadedAt: z.string() }).describe('the configuration in effect (changes on reload)') }) }, 503: errorResponse('storage unavailable') },
  },
  {
    method: 'get', path: '/metrics', tag: 'operations', auth: 'none',
    summary: 'Prometheus metrics',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
  },
];
