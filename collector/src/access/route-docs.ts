// OpenAPI descriptions of the token and audit admin routes (access/routes.ts, SPEC §16).
import { z } from 'zod';
import { adminErrors, errorResponse, type RouteDoc } from '../openapi/route-doc.js';
import { TOKEN_SCOPES } from '../storage/access-store.js';
import { tokenRequestSchema } from './tokens.js';

const MAX_AUDIT = 1000;
const LIMIT_MESSAGE = `must be an integer from 1 to ${MAX_AUDIT}`;

/** Query of `GET /v1/admin/audit` (what the route validates it with). */
export const auditQuerySchema = z.object({
  limit: z.coerce.number<string>(LIMIT_MESSAGE).int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE).max(MAX_AUDIT, LIMIT_MESSAGE).default(100).describe('newest entries to return'),
});

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES as [string, ...string[]]),
  accountId: z.string().nullable(),
  createdAt: z.string().describe('ISO-8601'),
  lastUsedAt: z.string().nullable().describe('ISO-8601, null until first used'),
});

const actorSchema = z.union([
  z.object({ type: z.literal('secretKey') }),
  z.object({ type: z.literal('token'), id: z.string(), name: z.string() }),
  z.object({ type: z.literal('cli') }),
]);

const auditEntrySchema = z.object({
  at: z.string().describe('ISO-8601'),
  actor: actorSchema.describe('the secret key, a token (id and name, never its secret) or the CLI'),
  action: z.string().describe('user.erased, token.created, token.revoked, notification.retried, config.reloaded, …'),
  target: z.string(),
});

export const accessRouteDocs: RouteDoc[] = [
  {
    method: 'get', path: '/v1/admin/tokens', tag: 'admin', auth: 'secretKey',
    summary: "The project's active tokens (never their secrets)",
    responses: { 200: { description: 'active tokens, oldest first', json: z.object({ tokens: z.array(tokenSchema) }) }, ...adminErrors },
  },
  {
    method: 'post', path: '/v1/admin/tokens', tag: 'admin', auth: 'secretKey',
    summary: 'Create a named, scoped token; its secret is shown in this answer only',
    body: tokenRequestSchema,
    responses: {
      201: { description: 'the new token with its secret `token` (ut_…)', json: tokenSchema.extend({ token: z.string().describe('the secret, shown once') }) },
      400: errorResponse('a bad field (named in the message: name, scope, account)'),
      ...adminErrors,
      413: errorResponse('body over 16 KiB'),
    },
  },
  {
    method: 'delete', path: '/v1/admin/tokens/:id', tag: 'admin', auth: 'secretKey',
    summary: 'Revoke a token at once',
    responses: {
      200: { description: 'revoked', json: z.object({ id: z.string(), revoked: z.literal(true) }) },
      ...adminErrors,
      404: errorResponse('no active token with this id in the project'),
    },
  },
  {
    method: 'get', path: '/v1/admin/audit', tag: 'admin', auth: 'secretKey',
    summary: 'The audit log of admin actions, newest first',
    query: auditQuerySchema,
    responses: {
      200: { description: 'audit entries, newest first', json: z.object({ entries: z.array(auditEntrySchema) }) },
      400: errorResponse('limit is not an integer from 1 to 1000'),
      ...adminErrors,
    },
  },
];
