// OpenAPI descriptions of the dashboard's static routes (dashboard/routes.ts).
import { errorResponse, type RouteDoc } from '../openapi/route-doc.js';

const page = (path: string): RouteDoc => ({
  method: 'get', path, tag: 'dashboard', auth: 'none',
  summary: 'The dashboard page (asks for the secret key, then reads the reports)',
  responses: { 200: { description: 'HTML page', contentType: 'text/html' }, 503: { description: 'the dashboard is not built', contentType: 'text/plain' } },
});

export const dashboardRouteDocs: RouteDoc[] = [
  page('/dashboard'),
  page('/dashboard/'),
  {
    method: 'get', path: '/dashboard/assets/:file', tag: 'dashboard', auth: 'none',
    summary: "The dashboard's script, stylesheet and icon (content-hashed names)",
    responses: { 200: { description: 'JavaScript, CSS or SVG', contentType: 'text/javascript' }, 404: errorResponse('no such asset') },
  },
];
