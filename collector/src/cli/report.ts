// `uptake-collector report accounts|features|satisfaction|overview|retention|trends|churn`: prints a report as a
// table, JSON or CSV. Reads an existing database only: bad flags or a missing file write nothing.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type Config, type ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import { parseFlags, storagePaths } from './flags.js';
import { chooseProject } from './choose-project.js';
import { toCsv } from '../reports/csv.js';
import { querySchemaOf, REPORT_NAMES, REPORTS as REPORT_DEFINITIONS, reportTable } from '../reports/registry.js';
import { runReport, type ReportName } from '../reports/run-report.js';
import { textTable } from '../reports/text-table.js';
import { parseReportQuery, type ReportQuery } from '../reports/report-query.js';
import { isSegmentParam } from '../reports/segment.js';
import { parseWindow } from '../reports/window.js';
import { openStore } from '../storage/open-store.js';

// Every report of the registry that needs no account id (the account page and history are HTTP only).
const REPORTS = REPORT_NAMES.filter((name) => !REPORT_DEFINITIONS[name].path.includes(':'));
const FORMATS = ['table', 'json', 'csv'] as const;

const HELP = `Usage: uptake-collector report <${REPORTS.join('|')}> [options]

Options:
  --config <file>     configuration file (env UPTAKE_CONFIG; default uptake.config.json)
  --db <path|url>     SQLite database file or postgres:// URL (env UPTAKE_DB; default ./data/uptake.db)
  --from <date>       first day, inclusive (ISO date, UTC; default: to − 30 days)
  --to <date>         day after the last, exclusive (default: tomorrow, so today is included)
  --format <f>        table (default), json or csv
  --project <id>      project id (needed when the config has several projects)
  --survey <id>       satisfaction: only this survey
  --period week       retention: cohort period (only week)
  --filter <p=v,…>    segment filter, repeatable (AND across filters, OR within):
                      plan=pro,enterprise  trait.<name>=v  health=healthy,neutral,at_risk
                      risk=usage_drop,…  accounts=id1,id2  firstSeenFrom=DATE  firstSeenTo=DATE
  --metrics <m1,m2>   trends: metrics (activeAccounts, activeUsers, nps, csat, health, mrr, …, feature:<key>)
  --interval <i>      trends: day, week (default) or month
  --help              show this help`;

export interface ReportOptions {
  report: ReportName;
  config: string;
  db: string;
  from?: string;
  to?: string;
  format: (typeof FORMATS)[number];
  project?: string;
  survey?: string;
  period?: string;
  /** `--filter name=values` flags, as query parameters. */
  filters: Record<string, string[]>;
  metrics?: string;
  interval?: string;
}

/** `--filter plan=pro,enterprise` flags → query parameters (repeated names keep every value). */
function filterParams(filters: readonly string[]): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UptakeError('invalid_flags', `--filter: "${f}" (expected name=value[,value…], e.g. plan=pro,enterprise)`);
    const name = f.slice(0, eq).trim();
    if (!isSegmentParam(name)) throw new UptakeError('invalid_flags', `--filter: unknown filter "${name}" (expected plan, trait.<name>, health, risk, accounts, firstSeenFrom, firstSeenTo)`);
    (params[name] ??= []).push(f.slice(eq + 1));
  }
  return params;
}

/**
 * Parses report's arguments; throws `invalid_flags` naming the problem.
 * @example parseReportArgs(['accounts', '--format', 'csv'], {}).format // 'csv'
 */
export function parseReportArgs(argv: string[], env: NodeJS.ProcessEnv): ReportOptions | 'help' {
  const parsed = parseFlags('report', argv, {
    config: { type: 'string' }, db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
    format: { type: 'string' }, project: { type: 'string' }, survey: { type: 'string' }, period: { type: 'string' },
    filter: { type: 'string', multiple: true }, metrics: { type: 'string' }, interval: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, true);
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [report, ...extra] = positionals;
  if (!report) throw new UptakeError('invalid_flags', `which report? expected one of ${REPORTS.join(', ')}`);
  if (!(REPORTS as readonly string[]).includes(report)) throw new UptakeError('invalid_flags', `unknown report "${report}" (expected ${REPORTS.join(', ')})`);
  if (extra.length) throw new UptakeError('invalid_flags', `unexpected argument "${extra[0]}"`);
  const format = values.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UptakeError('invalid_flags', `--format: "${format}" (expected table, json or csv)`);
  if (values.period !== undefined && values.period !== 'week') throw new UptakeError('invalid_flags', `--period: "${values.period}" (only week)`);
  return {
    report: report as ReportOptions['report'],
    ...storagePaths(values, env),
    from: values.from, to: values.to, format: format as ReportOptions['format'], project: values.project, survey: values.survey, period: values.period,
    filters: filterParams(values.filter ?? []), metrics: values.metrics, interval: values.interval,
  };
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'experiments') return (await import('../experiments/cli.js')).run(argv.slice(1));
  const options = parseReportArgs(argv, process.env);
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig(options.config);
  const project = chooseProject(config, options.project);
  const now = Date.now();
  // Dates, filters and trend options are checked before the database is touched.
  const params: Record<string, string[]> = { ...options.filters };
  if (options.metrics !== undefined) params.metrics = [options.metrics];
  if (options.interval !== undefined) params.interval = [options.interval];
  let query: ReportQuery;
  try {
    parseWindow({ from: options.from, to: options.to }, now);
    if (options.report !== 'trends' && (options.metrics !== undefined || options.interval !== undefined)) {
      throw new UptakeError('invalid_request', `${options.metrics !== undefined ? 'metrics' : 'interval'}: only for the trends report`);
    }
    query = { ...parseReportQuery(querySchemaOf(options.report), params), from: options.from, to: options.to, surveyId: options.survey, period: options.period };
    REPORT_DEFINITIONS[options.report].validate?.(query);
  } catch (err) {
    throw new UptakeError('invalid_flags', `--${(err as Error).message}`);
  }
  if (!/^postgres(ql)?:\/\//i.test(options.db) && !existsSync(resolve(options.db))) {
    throw new UptakeError('invalid_flags', `--db: no database at ${resolve(options.db)} (run "uptake-collector serve" or "seed" first)`);
  }
  const store = await openStore(options.db);
  try {
    const name: ReportName = options.report;
    const report = await runReport(store, project, name, query, now);
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const table = reportTable(name, report);
      process.stdout.write(options.format === 'csv' ? toCsv(table.header, table.rows) : textTable(table.header, table.rows));
    }
    return 0;
  } finally {
    await store.close();
  }
}
