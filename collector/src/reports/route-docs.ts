// OpenAPI descriptions of the report and admin routes (reports/routes.ts): each report's path and
// query schema come from its definition in the registry (the schema that validates its query), and
// the shape of each report (SPEC §6, §10). Nested rows are open objects: fields may be added.
import { z } from 'zod';
import { errorResponse, type ResponseDoc, type RouteDoc } from '../openapi/route-doc.js';
import { querySchemaOf, REPORTS, type ReportName } from './registry.js';
import { INTERVALS } from './report-query.js';
import { RISKS } from './health-metrics.js';

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

const healthParts = z.object({ breadth: num, seatUtilization: num, stickiness: num, nps: num });
const risks = z.array(z.enum(RISKS));
const point = { start: z.string(), end: z.string() };
const trendsSchema = z.looseObject({
  ...windowFields, interval: z.enum(INTERVALS), metrics: z.array(z.string()),
  points: z.array(z.object(point).catchall(z.union([z.number(), z.string(), z.null()]))).describe('one per interval: start, end and each asked metric (null when undefined)'),
});
const historySchema = z.looseObject({
  accountId: z.string(), ...windowFields, interval: z.enum(INTERVALS),
  points: z.array(z.looseObject({
    ...point, activeUsers: z.number(), seatUtilization: num, breadth: num, depth: num, stickiness: num, nps: num, csat: num, health: num, healthParts, risks,
  })),
});
const churnSchema = z.looseObject({
  ...windowFields, previousFrom: z.string(), previousTo: z.string(),
  churnedAccounts: z.array(z.looseObject({
    accountId: z.string(), name: z.string().nullable(), plan: z.string().nullable(), seats: num, mrr: num, firstSeen: z.string(), lastSeen: z.string(),
    tenureDays: z.number(), health: num, healthParts, risks, nps: num, featuresAdopted: z.array(z.string()),
  })).describe('accounts active in the previous window and not in this one'),
  byPlan: z.array(z.looseObject({ plan: z.string().nullable(), accountsBefore: z.number(), churned: z.number(), churnRate: num, mrrChurned: num })),
  featureGap: z.array(z.looseObject({ key: z.string(), name: z.string(), adoptionChurned: num, adoptionRetained: num })),
  reasons: z.array(z.looseObject({ surveyId: z.string(), choice: z.string(), label: z.string(), count: z.number() })).describe('latest answers of the churned accounts\' users to choice surveys with topic "churn", per choice'),
});

/** The segment filters applied (SPEC §10), echoed in every report; none: `{}`. */
const segmentEcho = z.object({
  plan: z.array(z.string()).optional(), health: z.array(z.string()).optional(), risk: z.array(z.string()).optional(), accounts: z.array(z.string()).optional(),
  firstSeenFrom: z.string().optional(), firstSeenTo: z.string().optional(),
}).catchall(z.array(z.string())).describe('the filters applied; trait.<name> filters as their own keys');

const reportErrors: Record<number, ResponseDoc> = {
  400: errorResponse('a bad or unknown query parameter (named in the message)'),
  401: errorResponse('missing or wrong secret key or token'),
  403: errorResponse('a token narrowed to one account, outside its account'),
};

/** One report route at its registry path, with its registry query schema: JSON by default, the main table as CSV with ?format=csv. */
const report = (name: ReportName, summary: string, json: z.ZodObject, extra: Record<number, ResponseDoc> = {}): RouteDoc => ({
  method: 'get', path: REPORTS[name].path, tag: 'reports', auth: 'secretKey', summary, query: querySchemaOf(name),
  responses: { 200: { description: 'the report (JSON), or its main table with ?format=csv', json: json.extend({ segment: segmentEcho }), contentType: 'text/csv' }, ...reportErrors, ...extra },
});

export const reportsRouteDocs: RouteDoc[] = [
  report('overview', 'Project overview: active accounts, NPS/CSAT, health distribution, revenue', overviewSchema),
  report('accounts', 'One row per account: adoption, satisfaction, health and risks', accountsSchema),
  report('account', 'One account: its row, features, users, weekly trend and verbatims', accountSchema, { 404: errorResponse('no such account') }),
  report('features', 'Feature adoption across accounts and users', featuresSchema),
  report('satisfaction', 'NPS and CSAT by account, by plan and by week, with verbatims', satisfactionSchema),
  report('retention', 'Weekly account retention cohorts', retentionSchema),
  report('trends', 'Chosen metrics per day, week or month over the window', trendsSchema),
  report('history', "One account's row metrics per day, week or month", historySchema, { 404: errorResponse('no such account') }),
  report('churn', 'Accounts churned in the window: who, by plan, the feature gap and the reasons given', churnSchema),
  {
    method: 'delete', path: '/v1/admin/users/:userId', tag: 'admin', auth: 'secretKey',
    summary: "Erase a user's events and records (GDPR); idempotent",
    responses: { 200: { description: 'erased (also for an unknown user)', json: z.object({ userId: z.string(), deleted: z.literal(true), events: z.number().int() }) }, 401: reportErrors[401]!, 403: errorResponse('a reports:read token (erasing needs an admin token or the secret key)') },
  },
];
