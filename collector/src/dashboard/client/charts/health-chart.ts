// Health distribution as a column chart (DOM and CSS), coloured by health band.
import { h } from '../dom.js';
import type { HealthBucket } from '../normalize.js';

/**
 * One column per health bucket, height proportional to its number of accounts.
 * @example card.append(healthChart(healthFromAccounts(accounts)))
 */
export function healthChart(buckets: readonly HealthBucket[]): HTMLElement {
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  if (!total) return h('p', { class: 'empty-state' }, 'No account has a health score in this window.');
  const max = Math.max(...buckets.map((bucket) => bucket.count));
  return h(
    'div',
    { class: 'health-chart', attrs: { role: 'list', 'aria-label': 'Accounts by health score' } },
    buckets.map((bucket) => {
      const column = h('span', { class: `health-column band-${bucket.band ?? 'none'}${bucket.count ? '' : ' zero'}` });
      column.style.height = `${max ? (bucket.count / max) * 100 : 0}%`;
      return h(
        'div',
        { class: 'health-bucket', attrs: { role: 'listitem', 'aria-label': `${bucket.label}: ${bucket.count} accounts` } },
        h('span', { class: 'health-count' }, String(bucket.count)),
        h('span', { class: 'health-bar' }, column),
        h('span', { class: 'health-label' }, bucket.label),
      );
    }),
  );
}

/**
 * One chip per health band with its number of accounts (the overview's `healthDistribution`).
 * @example card.append(healthBandSummary(readHealthDistribution(overview.healthDistribution)))
 */
export function healthBandSummary(bands: readonly HealthBucket[]): HTMLElement {
  return h(
    'ul',
    { class: 'band-summary', attrs: { 'aria-label': 'Accounts by health band' } },
    bands.map((band) => h('li', { class: `band-chip band-${band.band ?? 'none'}` }, h('span', { class: 'band-dot', attrs: { 'aria-hidden': 'true' } }), `${band.label} `, h('strong', null, String(band.count)))),
  );
}
