// The report shapes the dashboard reads are the server's own types (type-only imports: nothing of
// the server is bundled into the page), so a renamed field is a compile error, not a blank card.
export type { AccountRow } from '../../reports/account-row.js';
export type { AccountsReport } from '../../reports/accounts-report.js';
export type { AccountDetailReport as AccountDetail, AccountFeatureRow as AccountFeature, AccountUserRow } from '../../reports/account-detail-report.js';
export type { FeatureRow, FeaturesReport } from '../../reports/features-report.js';
export type { HealthDistribution, HealthParts } from '../../reports/health-metrics.js';
export type { OverviewReport as Overview } from '../../reports/overview-report.js';
export type { RetentionReport } from '../../reports/retention-report.js';
export type { CsatSummary, NpsSummary } from '../../reports/satisfaction-metrics.js';
export type { SatisfactionPlanRow, SatisfactionReport, TrendWeek, Verbatim as ReportVerbatim } from '../../reports/satisfaction-report.js';
export type { TrendsReport } from '../../reports/trends-report.js';
export type { AccountHistoryReport } from '../../reports/account-history-report.js';
export type { ChurnReport } from '../../reports/churn-report.js';
