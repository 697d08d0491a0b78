// Small uPlot line charts for the §10 trends: a sparkline for the overview cards and a labelled
// line chart (feature adoption over time, an account's health history). CSP-safe like trend-chart.
import uPlot from 'uplot';
import { h } from '../dom.js';
import { formatShortDay, NONE } from '../format.js';

/** One series over time: x = interval starts (ISO), y = values (null = no value that interval). */
export interface LineSeries {
  label: string;
  values: readonly (number | null)[];
  color?: string;
  format?: (value: number | null) => string;
}

const COLORS = ['#4f46e5', '#0d9488', '#d97706', '#dc2626', '#7c3aed', '#0284c7'];
const AXIS = { stroke: '#64748b', grid: { stroke: '#eef2f7', width: 1 }, ticks: { stroke: '#e2e8f0', width: 1 } };

/** Draws once the element has a width, and follows its size after. */
function drawWhenSized(plot: HTMLElement, height: number, make: (width: number) => uPlot.Options, data: uPlot.AlignedData): void {
  let chart: uPlot | null = null;
  const observer = new ResizeObserver(() => {
    const width = Math.floor(plot.clientWidth);
    if (width <= 0) return;
    if (!chart) chart = new uPlot(make(width), data, plot);
    else if (Math.abs(chart.width - width) > 1) chart.setSize({ width, height });
  });
  observer.observe(plot);
}

/**
 * A tiny line without axes for a metric card; nothing when fewer than two points have a value.
 * @example sparkline(points.map((p) => p.start), points.map((p) => p.activeUsers), 'Active users')
 */
export function sparkline(starts: readonly string[], values: readonly (number | null)[], label: string): HTMLElement | null {
  if (values.filter((v) => v !== null).length < 2) return null;
  const plot = h('div', { class: 'sparkline', attrs: { role: 'img', 'aria-label': `${label} over time`, 'data-chart': 'sparkline' } });
  const data: uPlot.AlignedData = [starts.map((s) => Date.parse(s) / 1000), [...values]];
  drawWhenSized(plot, 36, (width) => ({
    width, height: 36,
    cursor: { show: false }, legend: { show: false }, select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: { x: { time: true } },
    axes: [{ show: false }, { show: false }],
    series: [{}, { stroke: COLORS[0], width: 1.5, spanGaps: true, points: { show: false } }],
  }), data);
  return plot;
}

/**
 * A line chart with a legend and a hidden data table for screen readers.
 * @example lineChart('Health by week', starts, [{ label: 'Health', values }], { range: [0, 100] })
 */
export function lineChart(caption: string, starts: readonly string[], series: readonly LineSeries[], options: { range?: [number, number]; height?: number } = {}): HTMLElement {
  if (!series.some((s) => s.values.some((v) => v !== null))) return h('p', { class: 'empty-state' }, 'No data in this window yet.');
  const height = options.height ?? 220;
  const fmt = (s: LineSeries) => s.format ?? ((v: number | null) => (v === null ? NONE : String(Math.round(v * 100) / 100)));
  const plot = h('div', { class: 'line-plot', attrs: { role: 'img', 'aria-label': caption, 'data-chart': 'line' } });
  const table = h(
    'table',
    { class: 'sr-only' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, h('th', null, 'Start'), series.map((s) => h('th', null, s.label)))),
    h('tbody', null, starts.map((start, i) => h('tr', null, h('td', null, formatShortDay(start)), series.map((s) => h('td', null, fmt(s)(s.values[i] ?? null)))))),
  );
  const data: uPlot.AlignedData = [starts.map((s) => Date.parse(s) / 1000), ...series.map((s) => [...s.values])];
  drawWhenSized(plot, height, (width) => ({
    width, height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false }, points: { size: 7 } },
    legend: { show: true, live: true },
    scales: { x: { time: true }, y: options.range ? { auto: false, range: options.range } : { auto: true } },
    series: [
      { label: 'Start', value: (_u, v) => (v === null ? NONE : formatShortDay(v * 1000)) },
      ...series.map((s, i) => ({
        label: s.label, stroke: s.color ?? COLORS[i % COLORS.length], width: 2, spanGaps: true,
        points: { show: true, size: 6, fill: s.color ?? COLORS[i % COLORS.length] }, value: (_u: uPlot, v: number | null) => fmt(s)(v),
      })),
    ],
    axes: [
      { ...AXIS, values: (_u, ticks) => ticks.map((t) => formatShortDay(t * 1000)) },
      { ...AXIS, values: (_u, ticks) => ticks.map((t) => fmt(series[0])(t)) },
    ],
  }), data);
  return h('div', { class: 'line-chart' }, plot, table);
}
