// Validates a request's query or body with the zod schema its route description lists (SPEC §15:
// the OpenAPI document is generated from the schemas that validate requests), turning the first
// problem into a 400 that names the field.
import type { z } from 'zod';
import { UptakeError } from '../errors.js';

/**
 * The parsed input, or throws `invalid_request` (or `code`) with "<field>: <message>"; a problem with
 * the whole input (not an object) throws `whole` when given.
 * @example const { limit } = parseRequest(auditQuerySchema, c.req.query())
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, options: { whole?: string; code?: 'invalid_request' | 'invalid_body' } = {}): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.path.length === 0) throw new UptakeError('invalid_body', options.whole ?? issue.message);
  throw new UptakeError(options.code ?? 'invalid_request', `${issue.path.join('.')}: ${issue.message}`);
}
