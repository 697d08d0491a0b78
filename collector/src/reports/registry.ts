// Every report, once: adding a report is one `defineReport` beside its metric functions and one
// line here (the HTTP route, the CLI, CSV and the dashboard's types follow from this list).
import { accountDefinition } from './account-detail-report.js';
import { historyDefinition } from './account-history-report.js';
import { accountsDefinition } from './accounts-report.js';
import { churnDefinition } from './churn-report.js';
import { featuresDefinition } from './features-report.js';
import { overviewDefinition } from './overview-report.js';
import type { ReportDefinition } from './report-definition.js';
import { reportQuerySchema, type ReportQuerySchema } from './report-query.js';
import type { Table } from './report-tables.js';
import { retentionDefinition } from './retention-report.js';
import { satisfactionDefinition } from './satisfaction-report.js';
import { trendsDefinition } from './trends-report.js';

export const REPORTS = {
  overview: overviewDefinition,
  accounts: accountsDefinition,
  account: accountDefinition,
  features: featuresDefinition,
  satisfaction: satisfactionDefinition,
  retention: retentionDefinition,
  trends: trendsDefinition,
  history: historyDefinition,
  churn: churnDefinition,
} as const;

export type ReportName = keyof typeof REPORTS;
export type ReportByName = { [N in ReportName]: (typeof REPORTS)[N] extends ReportDefinition<infer R> ? R : never };
export const REPORT_NAMES = Object.keys(REPORTS) as ReportName[];

/**
 * The main table of a report, as its definition gives it (CSV, CLI table).
 * @example toCsv(...Object.values(reportTable('features', report)))
 */
export function reportTable<N extends ReportName>(name: N, report: ReportByName[N]): Table {
  return (REPORTS[name].csv as (r: ReportByName[N]) => Table)(report);
}

/** File name (no extension) of a report's CSV download. */
export function csvFileName(name: ReportName): string {
  return (REPORTS[name] as ReportDefinition<unknown>).csvName ?? name;
}

/**
 * Each report endpoint's query schema, by HTTP path (for `GET /openapi.json`).
 * @example reportQuerySchemas()['/v1/reports/trends'].shape.interval
 */
export function reportQuerySchemas(): Record<string, ReportQuerySchema> {
  return Object.fromEntries(Object.values(REPORTS).map((d: ReportDefinition<unknown>) => [d.path, d.query ?? reportQuerySchema]));
}

/** The query schema of one report. */
export const querySchemaOf = (name: ReportName): ReportQuerySchema => (REPORTS[name] as ReportDefinition<unknown>).query ?? reportQuerySchema;
