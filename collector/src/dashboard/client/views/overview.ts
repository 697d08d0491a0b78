// The overview page: headline metrics, NPS/CSAT trend, feature adoption, health distribution,
// retention cohorts, the accounts table and recent comments, all for the chosen window.
import { ApiError } from '../api.js';
import { accountsTable } from '../accounts-table.js';
import { barList } from '../charts/bar-list.js';
import { healthBandSummary, healthChart } from '../charts/health-chart.js';
import { retentionHeatmap } from '../charts/retention-heatmap.js';
import { trendChart } from '../charts/trend-chart.js';
import { h, replaceChildren } from '../dom.js';
import { formatCount, formatCountOf, formatDecimal, formatMinutes, formatMoney, formatNps, formatPercent, formatScore, formatText, NONE } from '../format.js';
import { metricGrid, type Metric } from '../metric-card.js';
import { healthFromAccounts, readCohorts, readHealthDistribution, readTrend, readVerbatims } from '../normalize.js';
import type { AccountsReport, FeaturesReport, Overview, RetentionReport, SatisfactionPlanRow, SatisfactionReport, TrendsReport } from '../report-types.js';
import { sparkline } from '../charts/line-chart.js';
import { windowQuery } from '../report-window.js';
import { surveyResults } from '../survey-results.js';
import { verbatimList } from '../verbatims.js';
import { card, loadReports, type ViewContext } from '../view-context.js';

function headline(overview: Overview): Metric[] {
  const nps = overview.nps ?? {};
  const csat = overview.csat ?? {};
  const atRiskShare = typeof overview.mrrAtRisk === 'number' && typeof overview.mrr === 'number' && overview.mrr > 0 ? overview.mrrAtRisk / overview.mrr : null;
  return [
    { label: 'Active accounts', value: formatCount(overview.activeAccounts), definition: 'Accounts with at least one active user in the window' },
    { label: 'Active users', value: formatCount(overview.activeUsers), definition: 'Users with at least one page view or product event in the window' },
    {
      label: 'NPS',
      value: formatNps(nps.score),
      detail: `${formatCountOf(nps.promoters, 'promoter')} · ${formatCountOf(nps.passives, 'passive')} · ${formatCountOf(nps.detractors, 'detractor')}`,
      definition: '100 × (promoters − detractors) / responses; latest answer per user and survey',
      tone: typeof nps.score === 'number' ? (nps.score >= 30 ? 'good' : nps.score < 0 ? 'bad' : undefined) : undefined,
    },
    { label: 'Revenue-weighted NPS', value: formatNps(overview.revenueWeightedNps), definition: 'Account NPS weighted by account MRR' },
    {
      label: 'CSAT',
      value: formatScore(csat.score),
      detail: `mean ${formatDecimal(csat.mean, 2)} of 5 · ${formatCountOf(csat.responses, 'response')}`,
      definition: 'Share of CSAT answers scoring 4 or 5, out of 100',
    },
    { label: 'MRR', value: formatMoney(overview.mrr), definition: 'Sum of the mrr trait of active accounts' },
    {
      label: 'MRR at risk',
      value: formatMoney(overview.mrrAtRisk),
      detail: atRiskShare === null ? undefined : `${formatPercent(atRiskShare)} of MRR`,
      definition: 'MRR of active accounts with at least one risk flag',
      tone: typeof overview.mrrAtRisk === 'number' && overview.mrrAtRisk > 0 ? 'warn' : undefined,
    },
    { label: 'Activation rate', value: formatPercent(overview.activationRate), definition: 'New accounts in the window that reached an activation event' },
    {
      label: 'Churn rate',
      value: formatPercent(overview.churnRate),
      detail: `${formatCountOf(overview.churnedAccounts, 'account')} · ${formatMoney(overview.mrrChurned)} MRR`,
      definition: 'Accounts active in the previous window and not in this one, over those active before',
    },
    { label: 'Conversion', value: formatPercent(overview.conversionRate), definition: 'Trial or free accounts that moved to another plan' },
  ];
}

function secondary(overview: Overview, satisfaction: SatisfactionReport | null): Metric[] {
  return [
    { label: 'ARPA', value: formatMoney(overview.arpa), definition: 'MRR per account with an mrr trait' },
    { label: 'ARPU', value: formatMoney(overview.arpu), definition: 'MRR per active user of those accounts' },
    { label: 'LTV', value: formatMoney(overview.ltv), definition: 'ARPA / monthly churn' },
    { label: 'CAC', value: formatMoney(overview.cac), definition: 'Acquisition spend per new account' },
    { label: 'LTV:CAC', value: typeof overview.ltvToCac === 'number' ? `${formatDecimal(overview.ltvToCac, 1)}×` : NONE },
    { label: 'Sessions / user / week', value: formatDecimal(overview.sessionsPerUserPerWeek, 1) },
    { label: 'Avg session', value: formatMinutes(overview.avgSessionMinutes) },
    { label: 'Referral rate', value: formatPercent(overview.referralRate), definition: 'Active users who sent a referral event' },
    { label: 'Survey response rate', value: formatPercent(overview.responseRate ?? satisfaction?.responseRate), definition: 'Surveys answered / surveys shown (per user and survey)' },
  ];
}

function featureBars(features: FeaturesReport) {
  const rows = [...(features.features ?? [])].sort((a, b) => (b.accountAdoptionRate ?? -1) - (a.accountAdoptionRate ?? -1));
  return barList(
    rows.map((feature) => ({
      label: feature.name ?? feature.key ?? NONE,
      detail: feature.core ? 'core' : undefined,
      share: feature.accountAdoptionRate ?? null,
      display: `${formatPercent(feature.accountAdoptionRate)} · ${formatCountOf(feature.accountsAdopted, 'acct')}`,
      highlight: feature.core === true,
    })),
    'No feature was used in this window.',
  );
}

function satisfactionByPlan(rows: readonly SatisfactionPlanRow[]): HTMLElement {
  if (!rows.length) return h('p', { class: 'empty-state' }, 'No survey activity in this window.');
  const headers = ['Plan', 'Accounts', 'NPS', 'CSAT', 'Responses'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data-table' },
      h('thead', null, h('tr', null, headers.map((label, index) => h('th', { class: index ? 'num' : undefined, attrs: { scope: 'col' } }, label)))),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            null,
            h('td', null, row.plan === null || row.plan === undefined ? h('span', { class: 'muted' }, 'no plan') : formatText(row.plan)),
            h('td', { class: 'num' }, formatCount(row.accounts)),
            h('td', { class: 'num' }, formatNps(row.nps)),
            h('td', { class: 'num' }, formatScore(row.csat)),
            h('td', { class: 'num' }, formatCount(row.responses)),
          ),
        ),
      ),
    ),
  );
}

/** A card only when there is something to show in it. */
const optionalCard = (title: string, subtitle: string, body: HTMLElement | null) => (body ? card(title, subtitle, body, 'chart-surveys') : null);

// Headline cards with a trend line (SPEC §10), by card label.
const SPARKS: Record<string, string> = {
  'Active accounts': 'activeAccounts', 'Active users': 'activeUsers', NPS: 'nps', CSAT: 'csat', MRR: 'mrr', 'Churn rate': 'churnRate', 'Activation rate': 'activationRate',
};
const SPARK_METRICS = [...new Set(Object.values(SPARKS))];

function withSparklines(metrics: Metric[], trends: TrendsReport | null): Metric[] {
  if (!trends) return metrics;
  const starts = trends.points.map((p) => p.start);
  return metrics.map((m) => {
    const key = SPARKS[m.label];
    return key ? { ...m, spark: sparkline(starts, trends.points.map((p) => (typeof p[key] === 'number' ? (p[key] as number) : null)), m.label) } : m;
  });
}

/**
 * Renders the overview into `root`.
 * @example await renderOverview(main, ctx)
 */
export async function renderOverview(root: HTMLElement, ctx: ViewContext): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading', attrs: { role: 'status' } }, 'Loading reports…'));
  const query = windowQuery(ctx.window);
  const results = await loadReports(ctx, [
    `/v1/reports/overview?${query}`,
    `/v1/reports/accounts?${query}`,
    `/v1/reports/features?${query}`,
    `/v1/reports/satisfaction?${query}`,
    `/v1/reports/retention?period=week&${query}`,
    `/v1/reports/trends?metrics=${SPARK_METRICS.join(',')}&interval=${ctx.window.days > 30 ? 'week' : 'day'}&${query}`,
  ]);
  if (!results) return;
  const [overview, accounts, features, satisfaction, retention, trends] = results;
  const accountRows = accounts instanceof ApiError ? [] : ((accounts as AccountsReport).accounts ?? []);
  const healthBuckets = overview instanceof ApiError ? null : readHealthDistribution((overview as Overview).healthDistribution);

  replaceChildren(
    root,
    overview instanceof ApiError
      ? card('Overview', null, overview)
      : [
          h('h2', { class: 'sr-only' }, 'Headline metrics'),
          metricGrid(withSparklines(headline(overview as Overview), trends instanceof ApiError ? null : (trends as TrendsReport)), 'metric-grid headline'),
          metricGrid(secondary(overview as Overview, satisfaction instanceof ApiError ? null : (satisfaction as SatisfactionReport)), 'metric-grid secondary'),
        ],
    h(
      'div',
      { class: 'chart-grid' },
      card('NPS and CSAT by week', 'NPS −100…100 (left), CSAT 0…100 (right)', satisfaction instanceof ApiError ? satisfaction : trendChart(readTrend(satisfaction as SatisfactionReport)), 'chart-trend'),
      card(
        'Health distribution',
        'Active accounts by health score (0–100)',
        accounts instanceof ApiError
          ? (healthBuckets ? healthChart(healthBuckets) : accounts)
          : h('div', null, healthChart(healthFromAccounts(accountRows)), healthBuckets ? healthBandSummary(healthBuckets) : null),
        'chart-health',
      ),
      card('Feature adoption by account', 'Share of active accounts that used each feature', features instanceof ApiError ? features : featureBars(features as FeaturesReport), 'chart-features'),
      card('Satisfaction by plan', 'NPS and CSAT of the accounts on each plan', satisfaction instanceof ApiError ? satisfaction : satisfactionByPlan((satisfaction as SatisfactionReport).byPlan ?? []), 'chart-plans'),
      satisfaction instanceof ApiError ? null : optionalCard('CES and choice surveys', 'Effort scores and what respondents picked', surveyResults(satisfaction as SatisfactionReport)),
      card('Retention by weekly cohort', 'Accounts by first-seen week; share active in each later week', retention instanceof ApiError ? retention : retentionHeatmap(readCohorts(retention as RetentionReport)), 'chart-retention'),
    ),
    card('Accounts', 'Click a header to sort, a row to open the account', accounts instanceof ApiError ? accounts : accountsTable(accountRows), 'wide accounts-card'),
    card('What customers say', 'Latest survey comments', satisfaction instanceof ApiError ? satisfaction : verbatimList(readVerbatims(satisfaction as SatisfactionReport)), 'wide'),
  );
}
