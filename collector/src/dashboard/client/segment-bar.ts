// The segment bar (SPEC §10) above every view: plan, health band, risk and one trait. The chosen
// segment lives in the page's query string (`/dashboard?plan=pro#/churn`), so a shared link or a
// reload reproduces the view and hash navigation between views keeps it.
import { h } from './dom.js';

const BANDS = [['healthy', 'Healthy'], ['neutral', 'Neutral'], ['at_risk', 'At risk']] as const;
const RISKS = [['usage_drop', 'Usage drop'], ['low_seat_utilization', 'Low seat utilization'], ['detractor_account', 'Detractor account'], ['no_core_adoption', 'No core adoption']] as const;

/**
 * The segment filters of a query string (other parameters dropped), as the reports take them.
 * @example segmentOf('?plan=pro&x=1').toString() // "plan=pro"
 */
export function segmentOf(search: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(search)) {
    if (value === '') continue;
    if (['plan', 'health', 'risk', 'accounts', 'firstSeenFrom', 'firstSeenTo'].includes(name) || (name.startsWith('trait.') && name.length > 6)) out.append(name, value);
  }
  return out;
}

function select(name: string, label: string, current: string, options: readonly (readonly [string, string])[]): HTMLElement {
  return h(
    'label',
    { class: 'segment-field' },
    h('span', { class: 'muted small' }, label),
    h('select', { attrs: { name, 'data-segment': name } }, h('option', { attrs: { value: '' } }, 'Any'), options.map(([value, text]) => {
      const option = h('option', { attrs: { value } }, text);
      if (value === current) option.setAttribute('selected', '');
      return option;
    })),
  );
}

/**
 * The bar; `apply` gets the new segment when the user applies or clears it.
 * @example segmentBar(segmentOf(location.search), ['free', 'pro'], (segment) => navigate(segment))
 */
export function segmentBar(segment: URLSearchParams, plans: readonly string[], apply: (segment: URLSearchParams) => void): HTMLElement {
  const trait = [...segment.keys()].find((k) => k.startsWith('trait.'));
  const planChoices = [...new Set([...plans, ...(segment.get('plan') ? [segment.get('plan')!] : [])])].sort().map((p) => [p, p] as const);
  const form = h(
    'form',
    { class: 'segment-bar', attrs: { 'aria-label': 'Segment', role: 'search' } },
    h('strong', { class: 'segment-title' }, 'Segment'),
    select('plan', 'Plan', segment.get('plan') ?? '', planChoices),
    select('health', 'Health', segment.get('health') ?? '', BANDS),
    select('risk', 'Risk', segment.get('risk') ?? '', RISKS),
    h('label', { class: 'segment-field' }, h('span', { class: 'muted small' }, 'Trait'),
      h('input', { attrs: { name: 'traitName', placeholder: 'name', size: 8, value: trait ? trait.slice(6) : '', 'data-segment': 'traitName' } })),
    h('label', { class: 'segment-field' }, h('span', { class: 'muted small' }, 'is'),
      h('input', { attrs: { name: 'traitValue', placeholder: 'value', size: 8, value: trait ? segment.get(trait) ?? '' : '', 'data-segment': 'traitValue' } })),
    h('button', { attrs: { type: 'submit' } }, 'Apply'),
    h('button', { class: 'ghost', attrs: { type: 'button', 'data-segment': 'clear' }, on: { click: () => apply(new URLSearchParams()) } }, 'Clear'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams();
    for (const name of ['plan', 'health', 'risk']) {
      const value = String(data.get(name) ?? '');
      if (value) next.set(name, value);
    }
    const traitName = String(data.get('traitName') ?? '').trim();
    const traitValue = String(data.get('traitValue') ?? '').trim();
    if (traitName && traitValue) next.set(`trait.${traitName}`, traitValue);
    apply(next);
  });
  return form;
}
