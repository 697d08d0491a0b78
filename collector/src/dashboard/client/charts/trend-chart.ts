// NPS and CSAT by week as a uPlot line chart (canvas; CSP-safe: it only touches element.style
// through the CSSOM, and its stylesheet is bundled into the dashboard's CSS file).
import uPlot from 'uplot';
import { h } from '../dom.js';
import { formatNps, formatScore, formatShortDay, NONE } from '../format.js';
import type { TrendPoint } from '../normalize.js';

const NPS_COLOR = '#4f46e5';
const CSAT_COLOR = '#0d9488';
const AXIS = { stroke: '#64748b', grid: { stroke: '#eef2f7', width: 1 }, ticks: { stroke: '#e2e8f0', width: 1 } };

function dataTable(points: readonly TrendPoint[]): HTMLTableElement {
  return h(
    'table',
    { class: 'sr-only' },
    h('caption', null, 'NPS and CSAT by week'),
    h('thead', null, h('tr', null, h('th', null, 'Week of'), h('th', null, 'NPS'), h('th', null, 'CSAT'))),
    h('tbody', null, points.map((point) => h('tr', null, h('td', null, formatShortDay(point.week)), h('td', null, formatNps(point.nps)), h('td', null, formatScore(point.csat))))),
  );
}

/**
 * A responsive chart of weekly NPS (left axis, −100…100) and CSAT (right axis, 0…100); an empty
 * state when no week has a response.
 * @example card.append(trendChart(readTrend(satisfaction)))
 */
export function trendChart(points: readonly TrendPoint[]): HTMLElement {
  const withData = points.filter((point) => point.nps !== null || point.csat !== null);
  if (!withData.length) return h('p', { class: 'empty-state' }, 'No survey responses in this window yet.');

  const plot = h('div', { class: 'trend-plot', attrs: { role: 'img', 'aria-label': 'Line chart of NPS and CSAT by week' } });
  const wrapper = h('div', { class: 'trend-chart' }, plot, dataTable(points));
  const data: uPlot.AlignedData = [
    points.map((point) => Date.parse(point.week) / 1000),
    points.map((point) => point.nps),
    points.map((point) => point.csat),
  ];
  const options = (width: number): uPlot.Options => ({
    width,
    height: 260,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false }, points: { size: 8 } },
    legend: { show: true, live: true },
    scales: { x: { time: true }, nps: { auto: false, range: [-100, 100] }, csat: { auto: false, range: [0, 100] } },
    series: [
      { label: 'Week of', value: (_u, value) => (value === null ? NONE : formatShortDay(value * 1000)) },
      { label: 'NPS', scale: 'nps', stroke: NPS_COLOR, width: 2, spanGaps: true, points: { show: true, size: 7, fill: NPS_COLOR }, value: (_u, value) => formatNps(value) },
      { label: 'CSAT', scale: 'csat', stroke: CSAT_COLOR, width: 2, spanGaps: true, points: { show: true, size: 7, fill: CSAT_COLOR }, value: (_u, value) => formatScore(value) },
    ],
    axes: [
      {
        ...AXIS,
        // Ticks on the weeks themselves (uPlot's own time ticks fall on arbitrary days), thinned to fit.
        splits: (u) => {
          const weeks = data[0] as number[];
          const step = Math.max(1, Math.ceil(weeks.length / Math.max(1, Math.floor(u.width / 80))));
          return weeks.filter((_, index) => index % step === 0);
        },
        values: (_u, ticks) => ticks.map((tick) => formatShortDay(tick * 1000)),
      },
      { ...AXIS, scale: 'nps', label: 'NPS', values: (_u, ticks) => ticks.map((tick) => formatNps(tick)) },
      { ...AXIS, scale: 'csat', side: 1, label: 'CSAT', grid: { show: false } },
    ],
  });

  let chart: uPlot | null = null;
  // uPlot needs a pixel width: draw once the wrapper is laid out, and follow its size after.
  const observer = new ResizeObserver(() => {
    const width = Math.floor(plot.clientWidth);
    if (width <= 0) return;
    if (!chart) chart = new uPlot(options(width), data, plot);
    else if (Math.abs(chart.width - width) > 1) chart.setSize({ width, height: 260 });
  });
  observer.observe(plot);
  return wrapper;
}
