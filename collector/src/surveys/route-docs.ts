// OpenAPI descriptions of GET /v1/surveys (surveys/routes.ts) and the survey admin routes
// (surveys/admin-routes.ts: explain, reach).
import { z } from 'zod';
import { experimentDefSchema } from '../experiments/route-docs.js';
import { RULE_NAMES, type RuleName } from './eligibility.js';
import { errorResponse, type RouteDoc } from '../openapi/route-doc.js';

export const surveysQuerySchema = z.object({
  writeKey: z.string().optional().describe('or the X-Uptake-Write-Key header'),
  userId: z.string().optional().describe('userId or anonymousId is required'),
  anonymousId: z.string().optional(),
  groupId: z.string().optional().describe('the account'),
  url: z.string().optional().describe('current page URL, for urlContains targeting'),
});

const localized = z.union([z.string(), z.record(z.string(), z.string())]).describe('a text, or the text per locale');

const surveyDefSchema = z.object({
  id: z.string(),
  kind: z.enum(['nps', 'csat', 'ces', 'choice']),
  question: localized,
  followUp: z.object({ detractor: localized.optional(), passive: localized.optional(), promoter: localized.optional() }).optional(),
  choices: z.array(z.object({ key: z.string(), label: localized })).optional().describe('choice surveys: the options'),
  other: z.boolean().optional().describe('choice surveys: an "Other" option with free text'),
  defaultLocale: z.string().optional().describe('fallback locale of translated texts'),
  trigger: z.union([z.object({ event: z.string() }), z.object({ delaySeconds: z.number() }), z.null()]),
  appearance: z.object({ brandColor: z.string().optional(), position: z.enum(['bottom-right', 'bottom-left', 'center']).optional() }).optional(),
});

/** Query of `GET /v1/admin/surveys/:id/explain`: the user to explain, as `GET /v1/surveys` takes it. */
export const explainQuerySchema = z.object({
  userId: z.string().optional().describe('userId or anonymousId is required'),
  anonymousId: z.string().optional(),
  groupId: z.string().optional().describe('the account (default: the user\'s last group)'),
  url: z.string().optional().describe('the page URL, for urlContains'),
});

const adminErrors = {
  401: errorResponse('missing or unknown secret key or token'),
  403: errorResponse('a reports:read token (survey admin needs an admin token or the secret key)'),
  404: errorResponse('no such survey in the project'),
};

const ruleName = z.enum(RULE_NAMES as [RuleName, ...RuleName[]]).describe('the rules, in the order they are checked');

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
  {
    method: 'get', path: '/v1/admin/surveys/:id/explain', tag: 'surveys', auth: 'secretKey',
    summary: "Every eligibility rule's verdict for one user, in words: what GET /v1/surveys decides and why",
    query: explainQuerySchema,
    responses: {
      200: { description: 'eligible when every rule passes', json: z.object({ eligible: z.boolean(), rules: z.array(z.object({ rule: ruleName, pass: z.boolean(), detail: z.string() })) }) },
      400: errorResponse('neither userId nor anonymousId'),
      ...adminErrors,
    },
  },
  {
    method: 'get', path: '/v1/admin/surveys/:id/reach', tag: 'surveys', auth: 'secretKey',
    summary: "Who would be eligible now among the last 30 days' active users and accounts, and what each rule excludes",
    responses: {
      200: {
        description: 'eligible users and accounts (an account is eligible when one of its active users is)',
        json: z.object({
          surveyId: z.string(), from: z.string(), to: z.string(),
          users: z.object({ active: z.number().int(), eligible: z.number().int() }),
          accounts: z.object({ active: z.number().int(), eligible: z.number().int() }),
          rules: z.array(z.object({ rule: ruleName, excludedUsers: z.number().int(), excludedAccounts: z.number().int() })).describe('every rule but urlContains'),
        }),
      },
      ...adminErrors,
    },
  },
];
