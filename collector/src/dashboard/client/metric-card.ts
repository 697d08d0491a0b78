// A headline number card for the overview and account pages.
import { h } from './dom.js';

export interface Metric {
  label: string;
  value: string;
  /** Small line under the value (breakdown, denominator). */
  detail?: string;
  /** The metric's definition, shown on hover and to screen readers. */
  definition?: string;
  tone?: 'good' | 'bad' | 'warn';
  /** A sparkline of the metric over the window's intervals. */
  spark?: Node | null;
}

/**
 * A grid of metric cards.
 * @example metricGrid([{ label: 'Active accounts', value: '42' }])
 */
export function metricGrid(metrics: readonly Metric[], className = 'metric-grid'): HTMLElement {
  return h(
    'div',
    { class: className },
    metrics.map((metric) =>
      h(
        'div',
        { class: `metric-card${metric.tone ? ` tone-${metric.tone}` : ''}`, attrs: { title: metric.definition } },
        h('div', { class: 'metric-label' }, metric.label),
        h('div', { class: 'metric-value' }, metric.value),
        metric.detail ? h('div', { class: 'metric-detail' }, metric.detail) : null,
        metric.spark ?? null,
      ),
    ),
  );
}
