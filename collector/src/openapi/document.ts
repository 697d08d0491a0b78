// Builds the OpenAPI 3.1 document from the route descriptions: request schemas come from the zod
// schemas (z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
import { z } from 'zod';
import type { ResponseDoc, RouteDoc } from './route-doc.js';

type JsonSchema = Record<string, unknown>;

/** JSON Schema of a zod schema, without `$schema` (OpenAPI 3.1 sets the dialect once). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/v1/reports/accounts/:accountId` → `/v1/reports/accounts/{accountId}`. */
export const openApiPath = (honoPath: string): string => honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const SECURITY: Record<RouteDoc['auth'], Array<Record<string, string[]>> | undefined> = {
  none: undefined,
  writeKey: [{ writeKeyHeader: [] }, { writeKeyBasic: [] }],
  secretKey: [{ secretKey: [] }],
};

function parameters(route: RouteDoc): JsonSchema[] {
  const path = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  if (!route.query) return path;
  const query = jsonSchema(route.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const params = Object.entries(query.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: query.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
  return [...path, ...params];
}

function response(doc: ResponseDoc): JsonSchema {
  const content: Record<string, { schema: JsonSchema }> = {};
  if (doc.json) content['application/json'] = { schema: jsonSchema(doc.json, 'output') };
  if (doc.contentType) content[doc.contentType] = { schema: { type: 'string' } };
  return Object.keys(content).length ? { description: doc.description, content } : { description: doc.description };
}

/**
 * The OpenAPI 3.1 document of `routes`.
 * @example const doc = openApiDocument(ROUTE_DOCS, '0.1.0'); doc.paths['/v1/batch'].post
 */
export function openApiDocument(routes: RouteDoc[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const operation: JsonSchema = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: parameters(route),
      responses: Object.fromEntries(Object.entries(route.responses).map(([status, doc]) => [status, response(doc)])),
    };
    const security = SECURITY[route.auth];
    if (security) operation.security = security;
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Uptake collector',
      version,
      description: 'Account-level product analytics and in-app NPS/CSAT surveys: ingest, surveys, reports and admin.',
    },
    paths,
    components: {
      securitySchemes: {
        secretKey: { type: 'http', scheme: 'bearer', description: "The project's secretKey (reports and admin)." },
        writeKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Uptake-Write-Key', description: "The project's public writeKey (or `writeKey` in the body or query)." },
        writeKeyBasic: { type: 'http', scheme: 'basic', description: 'The writeKey as user name, as Segment libraries send it.' },
      },
    },
  };
}
