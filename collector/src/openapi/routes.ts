// GET /openapi.json: the OpenAPI 3.1 description of every public route (built once, on first call).
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { openApiDocument } from './document.js';
import { ROUTE_DOCS } from './route-index.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Mounts GET /openapi.json.
 * @example app.route('/', openapiRoutes()); await app.request('/openapi.json')
 */
export function openapiRoutes(): Hono {
  const app = new Hono();
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(ROUTE_DOCS, version);
    return c.json(document);
  });
  return app;
}
