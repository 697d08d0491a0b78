// GET /v1/reports/retention?period=week: account cohorts by first-seen ISO week (Monday 00:00 UTC),
// and the share of each cohort active in each later week of the window.
import type { AccountDayRow, AccountRecord } from '../storage/store.js';
import { DAY_MS, dayOf } from '../storage/store.js';
import { ratio } from './adoption-metrics.js';
import { isoTime, weekStartDay, type ReportWindow } from './window.js';
import { UptakeError } from '../errors.js';
import { z } from 'zod';
import { defineReport } from './report-definition.js';
import { reportQuerySchema } from './report-query.js';
import type { Table } from './report-tables.js';

export interface RetentionWeek {
  /** Weeks since the cohort's week (0 = the cohort's own week). */
  week: number;
  start: string;
  activeAccounts: number;
  /** activeAccounts / cohort accounts. */
  share: number | null;
}

export interface RetentionCohort {
  /** Monday 00:00 UTC of the week the cohort's accounts were first seen. */
  cohort: string;
  accounts: number;
  weeks: RetentionWeek[];
}

export interface RetentionReport {
  from: string;
  to: string;
  period: 'week';
  cohorts: RetentionCohort[];
}

/**
 * Cohorts of accounts first seen in the window, by week; an account counts as active in a week when
 * it has ≥ 1 active user on a day of that week inside the window.
 * @example retentionReport(accounts, accountDays, window).cohorts[0].weeks[1].share
 */
export function retentionReport(accounts: Iterable<AccountRecord>, accountDays: AccountDayRow[], window: ReportWindow): RetentionReport {
  const cohortOf = new Map<string, number>();
  const cohortSize = new Map<number, number>();
  for (const a of accounts) {
    if (a.firstSeen < window.from || a.firstSeen >= window.to) continue;
    const week = weekStartDay(dayOf(a.firstSeen));
    cohortOf.set(a.accountId, week);
    cohortSize.set(week, (cohortSize.get(week) ?? 0) + 1);
  }
  // (cohort week, active week) → accounts; an account active on several days of a week counts once.
  const seen = new Set<string>();
  const active = new Map<string, number>();
  for (const row of accountDays) {
    const cohort = cohortOf.get(row.accountId);
    if (cohort === undefined || row.activeUsers <= 0) continue;
    const week = weekStartDay(row.day);
    const accountWeek = `${row.accountId}\u0000${week}`;
    if (seen.has(accountWeek)) continue;
    seen.add(accountWeek);
    const key = `${cohort}:${week}`;
    active.set(key, (active.get(key) ?? 0) + 1);
  }
  const cohorts = [...cohortSize.keys()].sort((a, b) => a - b).map((cohort): RetentionCohort => {
    const size = cohortSize.get(cohort)!;
    const weeks: RetentionWeek[] = [];
    for (let week = cohort, i = 0; week < window.toDay; week += 7, i++) {
      const n = active.get(`${cohort}:${week}`) ?? 0;
      weeks.push({ week: i, start: isoTime(week * DAY_MS)!, activeAccounts: n, share: ratio(n, size) });
    }
    return { cohort: isoTime(cohort * DAY_MS)!, accounts: size, weeks };
  });
  return { from: isoTime(window.from)!, to: isoTime(window.to)!, period: 'week', cohorts };
}

/** Main table: one row per cohort, a share column per week since the cohort's week. */
function retentionTable(report: RetentionReport): Table {
  const weeks = Math.max(0, ...report.cohorts.map((c) => c.weeks.length));
  return {
    header: ['cohort', 'accounts', ...Array.from({ length: weeks }, (_, i) => `week${i}`)],
    rows: report.cohorts.map((c) => [c.cohort.slice(0, 10), c.accounts, ...Array.from({ length: weeks }, (_, i) => c.weeks[i]?.share ?? null)]),
  };
}

/** GET /v1/reports/retention?period=week. */
export const retentionDefinition = defineReport<RetentionReport>({
  name: 'retention',
  path: '/v1/reports/retention',
  query: reportQuerySchema.extend({ period: z.enum(['week']).optional() }),
  inputs: { accountDays: true },
  validate: (query) => {
    if ((query.period ?? 'week') !== 'week') throw new UptakeError('invalid_request', `period must be "week", got "${query.period}"`);
  },
  build: ({ index, window }) => retentionReport(index.inputs.accounts.values(), index.inputs.accountDays, window),
  csv: retentionTable,
});
