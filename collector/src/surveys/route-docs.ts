// OpenAPI description of GET /v1/surveys (surveys/routes.ts).
import { z } from 'zod';
import { experimentDefSchema } from '../experiments/route-docs.js';
import { errorResponse, type RouteDoc } from '../openapi/route-doc.js';

export const surveysQuerySchema = z.object({
  writeKey: z.string().optional().describe('or the X-Uptake-Write-Key header'),
  userId: z.string().optional().describe('userId or anonymousId is required'),
  anonymousId: z.string().optional(),
  groupId: z.string().optional().describe('the account'),
  url: z.string().optional().describe('current page URL, for urlContains targeting'),
});

const surveyDefSchema = z.object({
  id: z.string(),
  kind: z.enum(['nps', 'csat']),
  question: z.string(),
  followUp: z.object({ detractor: z.string().optional(), passive: z.string().optional(), promoter: z.string().optional() }).optional(),
  trigger: z.union([z.object({ event: z.string() }), z.object({ delaySeconds: z.number() }), z.null()]),
  appearance: z.object({ brandColor: z.string().optional(), position: z.enum(['bottom-right', 'bottom-left', 'center']).optional() }).optional(),
});

export const surveysRouteDocs: RouteDoc[] = [
  {
    method: 'get', path: '/v1/surveys', tag: 'surveys', auth: 'writeKey',
    summary: 'The surveys this user may be shown now',
    query: surveysQuerySchema,
    responses: {
      200: { description: 'eligible surveys (possibly none)', json: z.object({ surveys: z.array(surveyDefSchema), experiments: z.array(experimentDefSchema).describe('definitions for the SDK\'s variant() (SPEC §12)') }) },
      400: errorResponse('neither userId nor anonymousId'),
      401: errorResponse('missing or unknown write key'),
      403: errorResponse('origin not allowed for this project'),
      429: errorResponse('rate limited'),
    },
  },
];
