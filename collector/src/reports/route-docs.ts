// OpenAPI descriptions of the report and admin routes (reports/routes.ts): the query every report
// takes and the shape of each report (SPEC §6). Nested rows are open objects: fields may be added.
import { z } from 'zod';
import { errorResponse, type ResponseDoc, type RouteDoc } from '../openapi/route-doc.js';

export const reportQuerySchema = z.object({
  from: z.string().optional().describe('window start, ISO-8601 date or time (default: 30 days before `to`)'),
  to: z.string().optional().describe('window end, exclusive (default: now)'),
  format: z.enum(['json', 'csv']).optional().describe('csv gives the main table'),
  surveyId: z.string().optional().describe('satisfaction: only this survey'),
  period: z.enum(['week']).optional().describe('retention: cohort period'),
});

const num = z.number().nullable();
const row = z.looseObject({});
const windowFields = { from: z.string(), to: z.string() };
const nps = z.looseObject({ score: num, promoters: z.number(), passives: z.number(), detractors: z.number(), responses: z.number() });
const csat = z.looseObject({ score: num, mean: num, responses: z.number() });
const trendWeek = z.looseObject({ week: z.string(), nps, csat });
const verbatim = z.looseObject({ surveyId: z.string(), kind: z.enum(['nps', 'csat']), score: z.number(), comment: z.string(), userId: z.string(), accountId: z.string().nullable(), timestamp: z.string() });
const featureRow = z.looseObject({ key: z.string(), name: z.string(), core: z.boolean(), accountsAdopted: z.number(), accountAdoptionRate: num, usersUsed: z.number(), userAdoptionRate: num, events: z.number() });

const accountFields = {
  accountId: z.string(), name: z.string().nullable(), plan: z.string().nullable(), seats: num, mrr: num,
  activeUsers: z.number(), seatUtilization: num, breadth: num, depth: num, stickiness: num, timeToValueHours: num,
  nps: num, csat: num, responses: z.number(), health: num, healthParts: row, risks: z.array(z.unknown()), lastSeen: z.string().nullable(),
  sessions: z.number(), sessionsPerUserPerWeek: num, avgSessionMinutes: num, referralRate: num,
};

const overviewSchema = z.looseObject({
  ...windowFields, activeAccounts: z.number(), activeUsers: z.number(), nps, csat, revenueWeightedNps: num, responseRate: num,
  topFeatures: z.array(featureRow), healthDistribution: z.looseObject({ healthy: z.number(), neutral: z.number(), atRisk: z.number(), unknown: z.number() }),
  newAccounts: z.number(), activationRate: num, churnedAccounts: z.number(), churnedAccountIds: z.array(z.string()), churnRate: num,
  mrrChurned: num, conversionRate: num, mrrAtRisk: num, mrr: num, arpa: num, arpu: num, ltv: num, cac: num, ltvToCac: num,
  sessions: z.number(), sessionsPerUserPerWeek: num, avgSessionMinutes: num, referralRate: num,
});
const accountsSchema = z.looseObject({ ...windowFields, accounts: z.array(z.looseObject(accountFields)) });
const accountSchema = z.looseObject({ ...windowFields, ...accountFields, features: z.array(row), users: z.array(row), trend: z.array(trendWeek), verbatims: z.array(verbatim) });
const featuresSchema = z.looseObject({ ...windowFields, activeAccounts: z.number(), activeUsers: z.number(), coreFeatures: z.number(), features: z.array(featureRow) });
const satisfactionSchema = z.looseObject({
  ...windowFields, surveyId: z.string().nullable(), nps, csat, revenueWeightedNps: num, responseRate: num,
  byAccount: z.array(row), byPlan: z.array(row), trend: z.array(trendWeek), verbatims: z.array(verbatim),
});
const retentionSchema = z.looseObject({
  ...windowFields, period: z.literal('week'),
  cohorts: z.array(z.looseObject({ cohort: z.string(), accounts: z.number(), weeks: z.array(row) })),
});

const reportErrors: Record<number, ResponseDoc> = {
  400: errorResponse('a bad query parameter (named in the message)'),
  401: errorResponse('missing or wrong secret key or token'),
  403: errorResponse('a token narrowed to one account, outside its account'),
};

/** One report route: JSON by default, the main table as CSV with ?format=csv. */
const report = (path: string, summary: string, json: z.ZodType, extra: Record<number, ResponseDoc> = {}): RouteDoc => ({
  method: 'get', path, tag: 'reports', auth: 'secretKey', summary, query: reportQuerySchema,
  responses: { 200: { description: 'the report (JSON), or its main table with ?format=csv', json, contentType: 'text/csv' }, ...reportErrors, ...extra },
});

export const reportsRouteDocs: RouteDoc[] = [
  report('/v1/reports/overview', 'Project overview: active accounts, NPS/CSAT, health distribution, revenue', overviewSchema),
  report('/v1/reports/accounts', 'One row per account: adoption, satisfaction, health and risks', accountsSchema),
  report('/v1/reports/accounts/:accountId', 'One account: its row, features, users, weekly trend and verbatims', accountSchema, { 404: errorResponse('no such account') }),
  report('/v1/reports/features', 'Feature adoption across accounts and users', featuresSchema),
  report('/v1/reports/satisfaction', 'NPS and CSAT by account, by plan and by week, with verbatims', satisfactionSchema),
  report('/v1/reports/retention', 'Weekly account retention cohorts', retentionSchema),
  {
    method: 'delete', path: '/v1/admin/users/:userId', tag: 'admin', auth: 'secretKey',
    summary: "Erase a user's events and records (GDPR); idempotent",
    responses: { 200: { description: 'erased (also for an unknown user)', json: z.object({ userId: z.string(), deleted: z.literal(true), events: z.number().int() }) }, 401: reportErrors[401]!, 403: errorResponse('a reports:read token (erasing needs an admin token or the secret key)') },
  },
];
