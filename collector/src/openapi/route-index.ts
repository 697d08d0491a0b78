// Every public route's description, gathered from each part's route-docs.ts. A new part adds its
// list here; a new route in an existing part adds an entry to that part's list.
import { z } from 'zod';
import { accessRouteDocs } from '../access/route-docs.js';
import { assetsRouteDocs } from '../assets/route-docs.js';
import { dashboardRouteDocs } from '../dashboard/route-docs.js';
import { experimentsRouteDocs } from '../experiments/route-docs.js';
import { ingestRouteDocs } from '../ingest/route-docs.js';
import { notificationsRouteDocs } from '../notifications/route-docs.js';
import { reportsRouteDocs } from '../reports/route-docs.js';
import { surveysRouteDocs } from '../surveys/route-docs.js';
import type { RouteDoc } from './route-doc.js';

const openapiRouteDoc: RouteDoc = {
  method: 'get', path: '/openapi.json', tag: 'operations', auth: 'none',
  summary: 'This document (OpenAPI 3.1)',
  responses: { 200: { description: 'the OpenAPI document', json: z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({}), paths: z.looseObject({}) }) } },
};

export const ROUTE_DOCS: RouteDoc[] = [...ingestRouteDocs, ...surveysRouteDocs, ...reportsRouteDocs, ...accessRouteDocs, ...experimentsRouteDocs, ...notificationsRouteDocs, ...dashboardRouteDocs, ...assetsRouteDocs, openapiRouteDoc];
