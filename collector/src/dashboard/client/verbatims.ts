// Survey comments ("verbatims") as quotes with their score, account and date. Comments are
// customer-written text and are rendered as text only.
import { accountHref } from './accounts-table.js';
import { h } from './dom.js';
import { formatDay, formatText } from './format.js';
import type { Verbatim } from './normalize.js';

function scoreTone(verbatim: Verbatim): string {
  if (verbatim.score === null) return 'none';
  if (verbatim.kind === 'csat') return verbatim.score >= 4 ? 'good' : verbatim.score === 3 ? 'warn' : 'bad';
  return verbatim.score >= 9 ? 'good' : verbatim.score >= 7 ? 'warn' : 'bad';
}

function verbatimItem(verbatim: Verbatim): HTMLElement {
  return h(
    'li',
    { class: 'verbatim' },
    h('span', { class: `score-chip ${scoreTone(verbatim)}`, attrs: { title: `${(verbatim.kind ?? 'score').toUpperCase()} score` } }, verbatim.kind ? `${verbatim.kind.toUpperCase()} ${formatText(verbatim.score)}` : formatText(verbatim.score)),
    h(
      'div',
      { class: 'verbatim-body' },
      h('blockquote', null, verbatim.comment),
      h(
        'div',
        { class: 'verbatim-meta' },
        verbatim.accountId ? h('a', { attrs: { href: accountHref(verbatim.accountId) } }, formatText(verbatim.accountName ?? verbatim.accountId)) : null,
        verbatim.user ? h('span', null, verbatim.user) : null,
        verbatim.timestamp ? h('span', null, formatDay(verbatim.timestamp)) : null,
      ),
    ),
  );
}

/**
 * The newest comments first: the first `limit`, and a button that shows the rest.
 * @example card.append(verbatimList(readVerbatims(satisfaction), 12))
 */
export function verbatimList(verbatims: readonly Verbatim[], limit = 12): HTMLElement {
  if (!verbatims.length) return h('p', { class: 'empty-state' }, 'No comments in this window.');
  const list = h('ul', { class: 'verbatims' }, verbatims.slice(0, limit).map(verbatimItem));
  if (verbatims.length <= limit) return list;
  const more = h(
    'button',
    {
      class: 'ghost show-more',
      attrs: { type: 'button' },
      on: {
        click: () => {
          list.append(...verbatims.slice(limit).map(verbatimItem));
          more.remove();
        },
      },
    },
    `Show all ${verbatims.length} comments`,
  );
  return h('div', null, list, more);
}
