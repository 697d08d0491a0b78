// Health and risk badges, named as in SPEC §6 and explained on hover.
import { h } from './dom.js';
import { formatScore } from './format.js';
import { healthBand } from './normalize.js';

const BAND_LABEL = { healthy: 'Healthy', neutral: 'Neutral', 'at-risk': 'At risk' } as const;

const RISKS: Record<string, { label: string; why: string }> = {
  usage_drop: { label: 'Usage drop', why: 'Active users down 30 % or more on the previous window' },
  low_seat_utilization: { label: 'Low seat use', why: 'Fewer than 30 % of paid seats active' },
  detractor_account: { label: 'Detractors', why: 'Account NPS below 0' },
  no_core_adoption: { label: 'No core adoption', why: 'No core feature used in the window' },
};

/**
 * A health score badge coloured by band (≥ 70 healthy, 40–69 neutral, < 40 at risk).
 * @example healthBadge(72) // <span class="badge health healthy">72</span>
 */
export function healthBadge(health: unknown): HTMLElement {
  const band = healthBand(health);
  return h(
    'span',
    { class: `badge health ${band ?? 'none'}`, attrs: { title: band ? `${BAND_LABEL[band]} (health ${formatScore(health)} of 100)` : 'No health score' } },
    formatScore(health),
  );
}

/**
 * One badge per risk flag; "None" when the account has none.
 * @example riskBadges(['usage_drop'])
 */
export function riskBadges(risks: unknown): HTMLElement {
  const list = Array.isArray(risks) ? risks.filter((risk): risk is string => typeof risk === 'string') : [];
  if (!list.length) return h('span', { class: 'muted' }, 'None');
  return h(
    'span',
    { class: 'badges' },
    list.map((risk) => {
      const known = RISKS[risk];
      return h('span', { class: 'badge risk', attrs: { title: known?.why ?? risk } }, known?.label ?? risk);
    }),
  );
}
