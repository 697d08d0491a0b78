// OpenAPI descriptions of the experiment routes (SPEC §12): GET /v1/experiments/assign
// (assign-routes.ts) and the experiment reports (report-routes.ts), shapes from report.ts.
import { z } from 'zod';
import { errorResponse, type ResponseDoc, type RouteDoc } from '../openapi/route-doc.js';

/** Query of `GET /v1/experiments/assign`. */
export const assignQuerySchema = z.object({
  writeKey: z.string().optional().describe('or the X-Uptake-Write-Key header'),
  userId: z.string().optional().describe('the unit of a user experiment (else anonymousId)'),
  anonymousId: z.string().optional(),
  groupId: z.string().optional().describe('the account: the unit of an account experiment'),
});

/** Query of the experiment reports. */
export const experimentReportQuerySchema = z.object({
  to: z.string().optional().describe('window end, exclusive, ISO-8601 date or time (default: tomorrow); exposures count until min(end, to)'),
  format: z.enum(['json', 'csv'], { error: (issue) => `must be "json" or "csv", got ${JSON.stringify(issue.input)}` }).optional().describe('csv gives the main table'),
});

/** An experiment as the SDK learns it with `/v1/surveys` (never its metrics). */
export const experimentDefSchema = z.object({
  key: z.string(),
  unit: z.enum(['account', 'user']),
  active: z.boolean(),
  variants: z.array(z.object({ key: z.string(), weight: z.number() })),
  start: z.string(),
  end: z.string().nullable(),
});

const num = z.number().nullable();
const sampleRatioSchema = z.object({
  chiSquare: num,
  pValue: num.describe('chi-square p-value of units per variant against the weights; null without units'),
  flagged: z.boolean().describe('pValue < 0.001'),
});
const experimentFields = {
  key: z.string(), name: z.string(), unit: z.enum(['account', 'user']), active: z.boolean(), start: z.string(), end: z.string().nullable(),
};

const listSchema = z.object({
  experiments: z.array(z.object({
    ...experimentFields,
    units: z.number().int(),
    variants: z.array(z.object({ key: z.string(), weight: z.number(), units: z.number().int() })),
    sampleRatioMismatch: sampleRatioSchema,
  })),
});

const reportSchema = z.object({
  experiment: z.object({ ...experimentFields, metrics: z.array(z.string()) }),
  from: z.string().describe('exposures count in [from, exposuresUntil)'),
  exposuresUntil: z.string(),
  to: z.string().describe('outcomes count until here (exclusive)'),
  variants: z.array(z.object({
    key: z.string(), weight: z.number(), units: z.number().int(), users: z.number().int(),
    metrics: z.record(z.string(), z.object({ value: num, numerator: z.number(), denominator: z.number() })),
  })),
  comparisons: z.array(z.object({
    variant: z.string(), baseline: z.string().describe('the first variant'), metric: z.string(),
    difference: num, ciLow: num, ciHigh: num, pValue: num,
  })).describe('each non-first variant and metric against the first variant; null below 2 units per variant'),
  sampleRatioMismatch: sampleRatioSchema,
});

const reportErrors: Record<number, ResponseDoc> = {
  400: errorResponse('a bad query parameter (named in the message)'),
  401: errorResponse('missing or wrong secret key or token'),
  403: errorResponse('a token narrowed to one account'),
};

export const experimentsRouteDocs: RouteDoc[] = [
  {
    method: 'get', path: '/v1/experiments/assign', tag: 'experiments', auth: 'writeKey',
    summary: "Every experiment's variant for these ids now, identical to the SDK's variant()",
    query: assignQuerySchema,
    responses: {
      200: { description: 'experiment key → variant, or null (default experience)', json: z.object({ assignments: z.record(z.string(), z.string().nullable()) }) },
      401: errorResponse('missing or unknown write key'),
      403: errorResponse('origin not allowed for this project'),
      429: errorResponse('rate limited (Retry-After)'),
    },
  },
  {
    method: 'get', path: '/v1/reports/experiments', tag: 'reports', auth: 'secretKey',
    summary: 'Every experiment with its units per variant and sample ratio check',
    query: experimentReportQuerySchema,
    responses: { 200: { description: 'the list (JSON), or one row per experiment with ?format=csv', json: listSchema, contentType: 'text/csv' }, ...reportErrors },
  },
  {
    method: 'get', path: '/v1/reports/experiments/:key', tag: 'reports', auth: 'secretKey',
    summary: 'One experiment: units, users and metrics per variant, comparisons with 95 % intervals',
    query: experimentReportQuerySchema,
    responses: {
      200: { description: 'the report (JSON), or one row per variant and metric with ?format=csv', json: reportSchema, contentType: 'text/csv' },
      ...reportErrors,
      404: errorResponse('no such experiment in the project'),
    },
  },
];
