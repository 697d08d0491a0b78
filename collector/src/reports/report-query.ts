// The request of a report, as HTTP query parameters and CLI flags give it: one zod schema per
// endpoint (what `GET /openapi.json` describes) and one parser that answers 400 naming any unknown
// parameter or bad value.
import { z } from 'zod';
import { UptakeError } from '../errors.js';
import { isSegmentParam, parseSegment, type Segment } from './segment.js';

export interface ReportQuery {
  from?: string | null;
  to?: string | null;
  /** satisfaction: only this survey. */
  surveyId?: string | null;
  /** retention: only 'week'. */
  period?: string | null;
  /** account page and history: the account to show. */
  accountId?: string;
  /** SPEC §10 filters (none: every account). */
  segment?: Segment;
  /** trends: comma-separated metric names. */
  metrics?: string | null;
  /** trends and history: day, week or month. */
  interval?: string | null;
}

const csv = (what: string) => z.string().describe(`comma-separated ${what}; values OR, parameters AND`);
const date = (what: string) => z.string().describe(`${what}: ISO date (UTC) like 2026-03-01`);

/** The window and output format every report takes. */
export const windowQuerySchema = z.object({
  from: date('first day, inclusive (default: to − 30 days)').optional(),
  to: date('day after the last, exclusive (default: tomorrow)').optional(),
  format: z.enum(['json', 'csv']).optional(),
});

/** SPEC §10 segment filters; besides these, any `trait.<name>` parameter (comma-separated values). */
export const segmentQuerySchema = z.object({
  plan: csv('plans').optional(),
  health: csv('health bands: healthy, neutral, at_risk').optional(),
  risk: csv('risks: usage_drop, low_seat_utilization, detractor_account, no_core_adoption').optional(),
  accounts: csv('account ids').optional(),
  firstSeenFrom: date('first stored event on or after').optional(),
  firstSeenTo: date('first stored event before').optional(),
});

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export const trendsQuerySchema = z.object({
  metrics: csv('metrics (activeAccounts, activeUsers, nps, csat, health, seatUtilization, breadth, stickiness, mrr, churnRate, activationRate, sessionsPerUserPerWeek, feature:<key>)'),
  interval: z.enum(INTERVALS).optional(),
});

/** What every report endpoint takes: the window, the format and the segment filters (and `trait.<name>`). */
export const reportQuerySchema = windowQuerySchema.extend(segmentQuerySchema.shape);
export type ReportQuerySchema = z.ZodObject<z.ZodRawShape>;

/**
 * Parses a report request's parameters against its schema (repeated values of a list parameter are
 * joined with ",").
 * @example parseReportQuery(reportQuerySchema, { plan: ['pro'], from: ['2026-03-01'] })
 */
export function parseReportQuery(schema: ReportQuerySchema, params: Readonly<Record<string, readonly string[]>>): ReportQuery {
  const known = Object.keys(schema.shape);
  const flat: Record<string, string> = {};
  for (const [name, values] of Object.entries(params)) {
    if (name.startsWith('trait.') && isSegmentParam(name)) continue;
    if (!known.includes(name)) throw new UptakeError('invalid_request', `unknown parameter "${name}" (expected ${known.join(', ')} or trait.<name>)`);
    flat[name] = values.join(',');
  }
  const parsed = schema.safeParse(flat);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UptakeError('invalid_request', `${issue.path.join('.')}: ${issue.message}`);
  }
  const q = parsed.data as Record<string, string | undefined>;
  return {
    from: q.from ?? null, to: q.to ?? null, surveyId: q.surveyId ?? null, period: q.period ?? null,
    metrics: q.metrics ?? null, interval: q.interval ?? null,
    segment: parseSegment(params),
  };
}
