// The one entry point to every report, shared by the HTTP routes and the CLI: parses the window,
// loads the rollups the report needs and assembles its JSON object.
import type { ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import type { Store } from '../storage/store.js';
import { accountDetailReport, type AccountDetailReport } from './account-detail-report.js';
import { activeAccountRows, type AccountRow } from './account-row.js';
import { featuresReport, type FeaturesReport } from './features-report.js';
import { overviewReport, type OverviewReport } from './overview-report.js';
import { buildReportIndex } from './report-index.js';
import { ALL_INPUTS, loadReportInputs, type InputNeeds } from './report-inputs.js';
import { retentionReport, type RetentionReport } from './retention-report.js';
import { satisfactionReport, type SatisfactionReport } from './satisfaction-report.js';
import { isoTime, parseWindow } from './window.js';

export const REPORT_NAMES = ['overview', 'accounts', 'account', 'features', 'satisfaction', 'retention'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export interface AccountsReport {
  from: string;
  to: string;
  accounts: AccountRow[];
}

export interface ReportQuery {
  from?: string | null;
  to?: string | null;
  /** satisfaction: only this survey. */
  surveyId?: string | null;
  /** retention: only 'week'. */
  period?: string | null;
  /** account: the account to show. */
  accountId?: string;
}

export interface ReportByName {
  overview: OverviewReport;
  accounts: AccountsReport;
  account: AccountDetailReport;
  features: FeaturesReport;
  satisfaction: SatisfactionReport;
  retention: RetentionReport;
}

const NEEDS: Record<ReportName, InputNeeds> = {
  overview: ALL_INPUTS,
  accounts: { ...ALL_INPUTS, planChanges: false, responsePairs: false },
  account: { ...ALL_INPUTS, userDetail: true, planChanges: false, responsePairs: false },
  features: { activity: true, featureAdoption: true },
  // Pairs per account: an account whose users were only shown or dismissed a survey still has a row.
  satisfaction: { answers: true, responsePairs: true, accountSurveyPairs: true },
  retention: { accountDays: true },
};

/**
 * Computes one report for one project.
 * @example const overview = await runReport(store, project, 'overview', { from: '2026-03-01' }, Date.now())
 */
export async function runReport<N extends ReportName>(store: Store, project: ProjectConfig, name: N, query: ReportQuery, now: number): Promise<ReportByName[N]> {
  const window = parseWindow(query, now);
  if (name === 'retention' && (query.period ?? 'week') !== 'week') {
    throw new UptakeError('invalid_request', `period must be "week", got "${query.period}"`);
  }
  // The account page reads that account's rows only (the feature catalog still sees every account's names).
  const scope = name === 'account' ? query.accountId ?? '' : undefined;
  const index = buildReportIndex(await loadReportInputs(store, project, window, NEEDS[name], scope));
  const report: ReportByName[ReportName] = await (async () => {
    switch (name) {
      case 'overview': return overviewReport(index);
      case 'accounts': return { from: isoTime(window.from)!, to: isoTime(window.to)!, accounts: activeAccountRows(index) };
      case 'account': return accountDetailReport(store, index, query.accountId ?? '');
      case 'features': return featuresReport(index);
      case 'satisfaction': return satisfactionReport(index, query.surveyId || null);
      case 'retention': return retentionReport(index.inputs.accounts.values(), index.inputs.accountDays, window);
      default: throw new UptakeError('not_found', `no report "${name}"`);
    }
  })();
  return report as ReportByName[N];
}
