// OpenAPI descriptions of the notification admin routes (notifications/routes.ts, SPEC §11).
import { z } from 'zod';
import { adminErrors, errorResponse, type RouteDoc } from '../openapi/route-doc.js';

/** Query of `GET /v1/admin/notifications`. */
export const notificationsQuerySchema = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional().describe('only notifications in this state'),
  limit: z.coerce.number<string>().int().min(1).max(1000).default(100).describe('newest notifications to return'),
});

/** Query of `POST /v1/admin/notifications/test`. */
export const notificationTestQuerySchema = z.object({
  destination: z.string().describe("a destination id of the project's notifications config"),
});

const iso = z.string().nullable();
const notificationSchema = z.object({
  id: z.string().describe('stable across attempts (receivers deduplicate on it)'),
  type: z.string().describe('survey.answered, account.at_risk, account.health_dropped, digest or test'),
  destination: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: iso,
  nextAttemptAt: iso.describe('pending only'),
  deliveredAt: iso,
  occurredAt: iso,
});

export const notificationsRouteDocs: RouteDoc[] = [
  {
    method: 'get', path: '/v1/admin/notifications', tag: 'notifications', auth: 'secretKey',
    summary: 'The outbox: notifications newest first, without their bodies',
    query: notificationsQuerySchema,
    responses: {
      200: { description: 'notifications, newest first', json: z.object({ notifications: z.array(notificationSchema) }) },
      400: errorResponse('a bad status or limit'),
      ...adminErrors,
    },
  },
  {
    method: 'post', path: '/v1/admin/notifications/evaluate', tag: 'notifications', auth: 'secretKey',
    summary: 'Evaluate the account rules (at risk, health dropped) now',
    responses: {
      200: { description: 'what the evaluation found and queued', json: z.object({ atRisk: z.number().int(), healthDropped: z.number().int(), queued: z.number().int().describe('one per account and destination') }) },
      ...adminErrors,
    },
  },
  {
    method: 'post', path: '/v1/admin/notifications/test', tag: 'notifications', auth: 'secretKey',
    summary: 'Send a test notification to one destination and answer with its first attempt',
    query: notificationTestQuerySchema,
    responses: {
      200: {
        description: 'the first attempt: delivered, or pending (retried later) or failed, with the error',
        json: z.object({ id: z.string(), status: z.enum(['delivered', 'pending', 'failed']), error: z.string().nullable() }),
      },
      400: errorResponse('no such destination in the project'),
      ...adminErrors,
    },
  },
  {
    method: 'post', path: '/v1/admin/notifications/:id/retry', tag: 'notifications', auth: 'secretKey',
    summary: 'Make a notification pending again, due now (audited)',
    responses: {
      200: { description: 'queued again', json: z.object({ id: z.string(), status: z.literal('pending') }) },
      ...adminErrors,
      404: errorResponse('no such notification in the project'),
    },
  },
];
