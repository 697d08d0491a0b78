// Horizontal bars drawn with DOM and CSS (a bar's width is set through the CSSOM, which the CSP
// allows, not through a style attribute). Labels are text nodes.
import { h } from '../dom.js';

export interface Bar {
  label: string;
  /** 0…1; null draws no bar. */
  share: number | null;
  /** What is printed beside the bar. */
  display: string;
  /** Optional second line under the label. */
  detail?: string;
  highlight?: boolean;
}

/**
 * A list of labelled horizontal bars.
 * @example card.append(barList([{ label: 'Export reports', share: 0.42, display: '42%' }]))
 */
export function barList(bars: readonly Bar[], emptyText = 'Nothing to show in this window.'): HTMLElement {
  if (!bars.length) return h('p', { class: 'empty-state' }, emptyText);
  return h(
    'ul',
    { class: 'bar-list' },
    bars.map((bar) => {
      const fill = h('span', { class: bar.highlight ? 'bar-fill highlight' : 'bar-fill' });
      fill.style.width = `${Math.max(0, Math.min(1, bar.share ?? 0)) * 100}%`;
      return h(
        'li',
        { class: 'bar-row' },
        h('span', { class: 'bar-label' }, h('span', { class: 'bar-name', attrs: { title: bar.label } }, bar.label), bar.detail ? h('span', { class: 'bar-detail' }, bar.detail) : null),
        h('span', { class: 'bar-track', attrs: { 'aria-hidden': 'true' } }, fill),
        h('span', { class: 'bar-value' }, bar.display),
      );
    }),
  );
}
