// GET /v1/reports/accounts/:accountId/history?interval=week (SPEC §10): the account's row computed
// on each interval as the window, so a PM sees when its health started to fall.
import { UptakeError } from '../errors.js';
import { accountRow } from './account-row.js';
import type { HealthParts, Risk } from './health-metrics.js';
import { mapIntervals, splitWindow } from './intervals.js';
import { defineReport } from './report-definition.js';
import { INTERVALS, reportQuerySchema, type Interval } from './report-query.js';
import { z } from 'zod';
import { tableOf } from './report-tables.js';
import { isoTime } from './window.js';

export interface HistoryPoint {
  start: string;
  end: string;
  activeUsers: number;
  seatUtilization: number | null;
  breadth: number | null;
  depth: number | null;
  stickiness: number | null;
  nps: number | null;
  csat: number | null;
  health: number | null;
  healthParts: HealthParts;
  risks: Risk[];
}

export interface AccountHistoryReport {
  accountId: string;
  from: string;
  to: string;
  interval: Interval;
  points: HistoryPoint[];
}

// What the row's activity, adoption, satisfaction and risk metrics read (not sessions or activation).
const HISTORY_INPUTS = { activity: true, accountDayTotals: true, featureAdoption: true, answers: true } as const;

export const historyDefinition = defineReport<AccountHistoryReport>({
  name: 'history',
  path: '/v1/reports/accounts/:accountId/history',
  query: reportQuerySchema.extend({ interval: z.enum(INTERVALS).optional() }),
  inputs: {},
  scope: (query) => query.accountId ?? '',
  validate: (query) => {
    if (!(INTERVALS as readonly string[]).includes(query.interval ?? 'week')) throw new UptakeError('invalid_request', `interval must be day, week or month, got "${query.interval}"`);
  },
  build: async ({ index, window, query, load, readSpan, project }) => {
    const accountId = query.accountId ?? '';
    if (!index.inputs.accounts.has(accountId)) throw new UptakeError('not_found', `no account "${accountId}" in project ${project.id}`);
    const interval = (query.interval ?? 'week') as Interval;
    const intervals = splitWindow(window, interval);
    const span = await readSpan(intervals, HISTORY_INPUTS, accountId);
    const points = await mapIntervals(intervals, async (w): Promise<HistoryPoint> => {
      const r = accountRow(await load(w, HISTORY_INPUTS, accountId, span), accountId);
      return {
        start: isoTime(w.from)!, end: isoTime(w.to)!, activeUsers: r.activeUsers, seatUtilization: r.seatUtilization, breadth: r.breadth, depth: r.depth,
        stickiness: r.stickiness, nps: r.nps, csat: r.csat, health: r.health, healthParts: r.healthParts, risks: r.risks,
      };
    });
    return { accountId, from: points[0]?.start ?? isoTime(window.from)!, to: points[points.length - 1]?.end ?? isoTime(window.to)!, interval, points };
  },
  csv: (report) => tableOf(
    ['start', 'end', 'activeUsers', 'seatUtilization', 'breadth', 'depth', 'stickiness', 'nps', 'csat', 'health', 'healthParts.breadth', 'healthParts.seatUtilization', 'healthParts.stickiness', 'healthParts.nps', 'risks'],
    report.points,
  ),
  csvName: 'account-history',
});
