// The experiments page (`#/experiments`): per experiment the units and users per variant, every
// metric, and each difference from the first variant drawn as its 95 % interval around 0, so a PM
// sees the uncertainty and not only the point estimate. Says plainly when there is not enough data.
import { ApiError } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formatCount, formatDay, formatDecimal, formatPercent, NONE } from '../format.js';
import { card, loadReports, type ViewContext } from '../view-context.js';

interface MetricValue { value: number | null; numerator: number; denominator: number }
interface Variant { key: string; weight: number; units: number; users: number; metrics: Record<string, MetricValue> }
interface Comparison { variant: string; baseline: string; metric: string; difference: number | null; ciLow: number | null; ciHigh: number | null; pValue: number | null }
interface Srm { chiSquare: number | null; pValue: number | null; flagged: boolean }
interface Report {
  experiment: { key: string; name: string; unit: string; active: boolean; start: string; end: string | null; metrics: string[] };
  variants: Variant[];
  comparisons: Comparison[];
  sampleRatioMismatch: Srm;
}

const SVG = 'http://www.w3.org/2000/svg';
/** Rates are shares (shown as %), NPS/CSAT are points, activeUsers a mean. */
const isShare = (metric: string) => metric.startsWith('feature:') || metric === 'activation' || metric === 'retention';
const formatMetric = (metric: string, value: number | null) =>
  value === null ? NONE : isShare(metric) ? formatPercent(value) : metric === 'activeUsers' ? formatDecimal(value, 2) : formatDecimal(value, 1);
const formatDifference = (metric: string, value: number) =>
  `${value > 0 ? '+' : value < 0 ? '−' : '±'}${isShare(metric) ? `${formatDecimal(Math.abs(value) * 100, 1)} pts` : formatDecimal(Math.abs(value), 2)}`;
const metricLabel = (metric: string) =>
  metric.startsWith('feature:') ? `Used ${metric.slice(8)}` : ({ activation: 'Activation', retention: 'Retention (day 7–14)', nps: 'NPS', csat: 'CSAT', activeUsers: 'Active users / unit' } as Record<string, string>)[metric] ?? metric;

function svg(tag: string, attrs: Record<string, string | number>, ...children: Node[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** One interval: a line from ciLow to ciHigh, a dot at the difference, a dashed line at 0. */
function intervalChart(c: Comparison): SVGElement {
  const width = 320;
  const reach = Math.max(Math.abs(c.ciLow!), Math.abs(c.ciHigh!), 1e-9) * 1.1;
  const x = (v: number) => ((v + reach) / (2 * reach)) * width;
  const significant = c.ciLow! > 0 || c.ciHigh! < 0;
  const colour = significant ? (c.difference! > 0 ? '#15803d' : '#b91c1c') : '#4f46e5';
  const label = `${formatDifference(c.metric, c.difference!)}, 95 % interval ${formatDifference(c.metric, c.ciLow!)} to ${formatDifference(c.metric, c.ciHigh!)}`;
  return svg('svg', { viewBox: `0 0 ${width} 24`, width, height: 24, role: 'img', 'aria-label': label, class: 'interval-chart' },
    svg('line', { x1: x(0), x2: x(0), y1: 2, y2: 22, stroke: '#94a3b8', 'stroke-dasharray': '3 3' }),
    svg('line', { x1: x(c.ciLow!), x2: x(c.ciHigh!), y1: 12, y2: 12, stroke: colour, 'stroke-width': 4, 'stroke-linecap': 'round' }),
    svg('circle', { cx: x(c.difference!), cy: 12, r: 6, fill: colour, stroke: '#fff', 'stroke-width': 2 }),
  );
}

function comparisonRow(c: Comparison): HTMLElement {
  if (c.difference === null) {
    return h('tr', null, h('td', null, metricLabel(c.metric)), h('td', { attrs: { colspan: 3 }, class: 'muted' },
      'Not enough data yet: each variant needs at least 2 units with data for this metric.'));
  }
  const verdict = c.ciLow! > 0 || c.ciHigh! < 0 ? 'Likely a real difference' : 'Could be no difference (the interval includes 0)';
  return h('tr', null,
    h('td', null, metricLabel(c.metric)),
    h('td', { class: 'num' }, formatDifference(c.metric, c.difference), h('span', { class: 'muted small block' }, `${formatDifference(c.metric, c.ciLow!)} … ${formatDifference(c.metric, c.ciHigh!)}`)),
    h('td', null, intervalChart(c), h('span', { class: 'muted small block' }, verdict)),
    h('td', { class: 'num' }, c.pValue === null ? NONE : c.pValue < 0.001 ? '< 0.001' : formatDecimal(c.pValue, 3)),
  );
}

function experimentCard(report: Report): HTMLElement {
  const e = report.experiment;
  const units = report.variants.reduce((n, v) => n + v.units, 0);
  const subtitle = `${e.key} · by ${e.unit} · ${formatDay(e.start)} – ${e.end ? formatDay(e.end) : 'open'}${e.active ? '' : ' · paused'}`;
  const srm = report.sampleRatioMismatch;
  const variantTable = h('div', { class: 'table-scroll' }, h('table', { class: 'data-table' },
    h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Variant'), h('th', { class: 'num', attrs: { scope: 'col' } }, `${e.unit === 'account' ? 'Accounts' : 'Users'}`), h('th', { class: 'num', attrs: { scope: 'col' } }, 'Users'),
      e.metrics.map((m) => h('th', { class: 'num', attrs: { scope: 'col' } }, metricLabel(m))))),
    h('tbody', null, report.variants.map((v, i) => h('tr', null,
      h('td', null, v.key, i === 0 ? h('span', { class: 'muted small block' }, 'baseline') : null),
      h('td', { class: 'num' }, formatCount(v.units)), h('td', { class: 'num' }, formatCount(v.users)),
      e.metrics.map((m) => h('td', { class: 'num' }, formatMetric(m, v.metrics[m]?.value ?? null), h('span', { class: 'muted small block' }, `${formatDecimal(v.metrics[m]?.numerator ?? 0, 0)} / ${formatDecimal(v.metrics[m]?.denominator ?? 0, 0)}`))),
    ))),
  ));
  const comparisons = !e.metrics.length ? h('p', { class: 'empty-state' }, 'No metrics configured for this experiment.') : report.variants.slice(1).map((v) => h('div', null,
    h('h3', null, `${v.key} vs ${report.variants[0].key}`),
    h('table', { class: 'data-table' },
      h('thead', null, h('tr', null, ['Metric', 'Difference', '95 % interval (dashed line: no difference)', 'p-value'].map((label) => h('th', { attrs: { scope: 'col' } }, label)))),
      h('tbody', null, report.comparisons.filter((c) => c.variant === v.key).map(comparisonRow)))));
  return card(e.name, subtitle, h('div', null,
    units === 0 ? h('p', { class: 'empty-state' }, 'No exposures yet: units are counted from their first $experiment_exposure (sent by uptake.variant()).') : null,
    units > 0 && report.variants.some((v) => v.units < 2)
      ? h('p', { class: 'empty-state' }, `Not enough data to compare yet: ${units} ${e.unit === 'account' ? 'account' : 'user'}${units === 1 ? '' : 's'} exposed, and every variant needs at least 2. Until then there are no intervals.`) : null,
    srm.flagged ? h('p', { class: 'error-box', attrs: { role: 'status' } },
      `Sample ratio mismatch: the units per variant do not match the weights (p ${srm.pValue! < 0.001 ? '< 0.001' : `= ${formatDecimal(srm.pValue, 3)}`}). Check assignment and exposure tracking before trusting these results.`) : null,
    variantTable,
    comparisons,
  ));
}

/**
 * Renders the experiments page into `main`.
 * @example await renderExperiments(main, ctx)
 */
export async function renderExperiments(main: HTMLElement, ctx: ViewContext): Promise<void> {
  document.title = 'Experiments · Uptake';
  replaceChildren(main, h('p', { class: 'loading' }, 'Loading experiments…'));
  const to = encodeURIComponent(ctx.window.to);
  const [list] = (await loadReports(ctx, [`/v1/reports/experiments?to=${to}`])) ?? [];
  if (!list) return;
  if (list instanceof ApiError) return replaceChildren(main, card('Experiments', null, list));
  const keys = (list as { experiments: { key: string }[] }).experiments.map((e) => e.key);
  if (!keys.length) return replaceChildren(main, h('h1', null, 'Experiments'), h('p', { class: 'empty-state' }, 'No experiments in the config. Add an "experiments" list to the project (see docs/experiments.md).'));
  const reports = await loadReports(ctx, keys.map((key) => `/v1/reports/experiments/${encodeURIComponent(key)}?to=${to}`));
  if (!reports) return;
  replaceChildren(main, h('h1', null, 'Experiments'),
    h('p', { class: 'muted small' }, `Exposures from each experiment's start until ${formatDay(ctx.window.to)} (UTC, exclusive). Each unit counts from its first exposure; intervals treat accounts (or users, for user experiments) as the samples.`),
    reports.map((r, i) => (r instanceof ApiError ? card(keys[i], null, r) : experimentCard(r as Report))));
}
