// The features page: per feature, its adoption now and its weekly account adoption over the last
// 12 weeks (SPEC §10 trends, `feature:<key>`), for the chosen segment.
import { ApiError } from '../api.js';
import { lineChart } from '../charts/line-chart.js';
import { h, replaceChildren } from '../dom.js';
import { formatCount, formatCountOf, formatPercent } from '../format.js';
import type { FeaturesReport, TrendsReport } from '../report-types.js';
import { windowQuery, type ReportWindow } from '../report-window.js';
import { card, loadReports, type ViewContext } from '../view-context.js';

const twelveWeeks = (w: ReportWindow): ReportWindow => ({ days: 84, from: new Date(Date.parse(w.to) - 84 * 86_400_000).toISOString().slice(0, 10), to: w.to });

/**
 * Renders the features page into `root`.
 * @example await renderFeatures(main, ctx)
 */
export async function renderFeatures(root: HTMLElement, ctx: ViewContext): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading', attrs: { role: 'status' } }, 'Loading features…'));
  const loaded = await loadReports(ctx, [`/v1/reports/features?${windowQuery(ctx.window)}`]);
  if (!loaded) return;
  const [features] = loaded;
  if (features instanceof ApiError) return replaceChildren(root, card('Features', null, features));
  const rows = (features as FeaturesReport).features;
  const metrics = rows.map((f) => `feature:${f.key}`);
  const trends = rows.length === 0 ? null : (await loadReports(ctx, [`/v1/reports/trends?interval=week&metrics=${encodeURIComponent(metrics.join(','))}&${windowQuery(twelveWeeks(ctx.window))}`]))?.[0];
  if (!ctx.isCurrent()) return;
  const report = trends && !(trends instanceof ApiError) ? (trends as TrendsReport) : null;
  replaceChildren(
    root,
    h('h2', { class: 'page-title' }, 'Features'),
    rows.length === 0 ? h('p', { class: 'empty-state' }, 'No feature was used in this window.') : null,
    h(
      'div',
      { class: 'chart-grid feature-trends' },
      rows.map((f) =>
        card(
          f.name,
          `${formatPercent(f.accountAdoptionRate)} of active accounts · ${formatCountOf(f.accountsAdopted, 'account')} · ${formatCount(f.usersUsed)} users${f.core ? ' · core' : ''}`,
          trends instanceof ApiError
            ? trends
            : report
              ? lineChart(`${f.name}: account adoption by week`, report.points.map((p) => p.start), [{ label: 'Account adoption', values: report.points.map((p) => (typeof p[`feature:${f.key}`] === 'number' ? (p[`feature:${f.key}`] as number) : null)), format: formatPercent }], { range: [0, 1], height: 160 })
              : h('p', { class: 'empty-state' }, 'No trend.'),
          'chart-feature-trend',
        ),
      ),
    ),
  );
}
