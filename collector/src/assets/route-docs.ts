// OpenAPI descriptions of the SDK, survey-widget and SDK worker bundle routes (assets/routes.ts).
import { errorResponse, type RouteDoc } from '../openapi/route-doc.js';
import { BUNDLES } from './routes.js';

export const assetsRouteDocs: RouteDoc[] = Object.entries(BUNDLES).map(([path, file]) => ({
  method: 'get', path, tag: 'sdk', auth: 'none',
  summary: `The built ${file.split('/').pop()} (ETag, gzip/brotli, CORS; ?v=<hash> is cached for a year)`,
  responses: { 200: { description: 'JavaScript', contentType: 'text/javascript' }, 304: { description: 'not modified' }, 404: errorResponse('not built') },
}));
