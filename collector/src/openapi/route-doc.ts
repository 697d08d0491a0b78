// How a route describes itself in GET /openapi.json: method, path, the zod schemas of its query and
// body, and its responses. Each part of the collector lists its routes in its own `route-docs.ts`;
// openapi/route-index.ts gathers them. A new route is one entry there (and one sample request in
// openapi/openapi.test.ts, which fails while a registered route is undescribed).
import { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call: anyone, a page with the project's write key, or a holder of the secret key. */
export type RouteAuth = 'none' | 'writeKey' | 'secretKey';

export interface ResponseDoc {
  description: string;
  /** Schema of a JSON body (Content-Type application/json). */
  json?: z.ZodType;
  /** Content type of a body that is not JSON (CSV, text, JavaScript, HTML); with `json`, an alternative. */
  contentType?: string;
}

export interface RouteDoc {
  method: HttpMethod;
  /** Path as registered in Hono (`/v1/reports/accounts/:accountId`). */
  path: string;
  summary: string;
  /** Groups routes in the document (`ingest`, `surveys`, `reports`…). */
  tag: string;
  auth: RouteAuth;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** By HTTP status. */
  responses: Record<number, ResponseDoc>;
}

/** Every error answer: `{"error":{"code","message"}}` (codes in @uptake/protocol `ErrorCode`). */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string().describe('machine-readable code, e.g. invalid_body, unauthorized'), message: z.string() }),
});

/** An error response with the common error body. */
export const errorResponse = (description: string): ResponseDoc => ({ description, json: errorBodySchema });

/** The 401 and 403 answers of every admin route (secret key, or a token with the admin scope). */
export const adminErrors: Record<number, ResponseDoc> = {
  401: errorResponse('missing or unknown secret key or token'),
  403: errorResponse('a reports:read token (admin actions need an admin token or the secret key)'),
};
