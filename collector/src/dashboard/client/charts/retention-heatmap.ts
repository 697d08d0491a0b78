// Retention cohorts as a heatmap table: one row per first-seen week, one column per later week,
// cell shade = share of the cohort's accounts active that week (set through the CSSOM).
import { h } from '../dom.js';
import { formatCount, formatPercent, formatShortDay } from '../format.js';
import type { Cohort } from '../normalize.js';

/**
 * Opacity of a cell's indigo for a share. The step at 0.6 skips the mid-tones where neither dark
 * nor white text reaches a 4.5:1 contrast (WCAG AA).
 */
function shade(share: number): number {
  return share < 0.6 ? 0.06 + 0.94 * share * 0.9 : 0.06 + 0.94 * (0.7 + (0.3 * (share - 0.6)) / 0.4);
}

/**
 * A cohort table whose cells are shaded by retention.
 * @example card.append(retentionHeatmap(readCohorts(retention)))
 */
export function retentionHeatmap(cohorts: readonly Cohort[]): HTMLElement {
  if (!cohorts.length) return h('p', { class: 'empty-state' }, 'No account cohorts in this window.');
  const periods = Math.max(...cohorts.map((cohort) => cohort.shares.length));
  const header = h(
    'tr',
    null,
    h('th', { attrs: { scope: 'col' } }, 'Cohort (week of)'),
    h('th', { attrs: { scope: 'col' }, class: 'num' }, 'Accounts'),
    Array.from({ length: periods }, (_, index) => h('th', { attrs: { scope: 'col' }, class: 'num' }, `Week ${index}`)),
  );
  const rows = cohorts.map((cohort) =>
    h(
      'tr',
      null,
      h('th', { attrs: { scope: 'row' } }, formatShortDay(cohort.start)),
      h('td', { class: 'num' }, formatCount(cohort.size)),
      Array.from({ length: periods }, (_, index) => {
        const share = cohort.shares[index];
        if (share === null || share === undefined) return h('td', { class: 'heat-cell empty' });
        const clamped = Math.max(0, Math.min(1, share));
        const dark = clamped >= 0.6;
        const cell = h('td', { class: dark ? 'heat-cell num dark' : 'heat-cell num' }, formatPercent(share));
        cell.style.backgroundColor = `rgba(55, 48, 163, ${shade(clamped).toFixed(3)})`;
        return cell;
      }),
    ),
  );
  return h('div', { class: 'table-scroll' }, h('table', { class: 'heatmap' }, h('thead', null, header), h('tbody', null, rows)));
}
