// The sortable accounts table: click a header to sort (again to reverse), type to filter, click a
// row (or its name) to open the account page.
import { h, replaceChildren } from './dom.js';
import { healthBadge, riskBadges } from './badges.js';
import { formatCount, formatCountOf, formatDateTime, formatDecimal, formatHours, formatMoney, formatNps, formatPercent, formatScore, formatText } from './format.js';
import type { AccountRow } from './report-types.js';
import { sortRows, type SortDirection } from './table-sort.js';

interface Column {
  key: keyof AccountRow | 'account';
  label: string;
  numeric: boolean;
  title?: string;
  value: (row: AccountRow) => unknown;
  cell: (row: AccountRow) => Node | string;
}

/**
 * The hash route of an account page.
 * @example accountHref('acme/eu') // "#/accounts/acme%2Feu"
 */
export function accountHref(accountId: string): string {
  return `#/accounts/${encodeURIComponent(accountId)}`;
}

const COLUMNS: Column[] = [
  {
    key: 'account',
    label: 'Account',
    numeric: false,
    value: (row) => row.name ?? row.accountId,
    cell: (row) =>
      h('span', { class: 'account-cell' }, h('a', { attrs: { href: accountHref(row.accountId) } }, formatText(row.name ?? row.accountId)), row.name ? h('span', { class: 'muted small' }, row.accountId) : null),
  },
  { key: 'health', label: 'Health', numeric: true, value: (row) => row.health, cell: (row) => healthBadge(row.health) },
  { key: 'risks', label: 'Risks', numeric: false, value: (row) => row.risks, cell: (row) => riskBadges(row.risks) },
  { key: 'plan', label: 'Plan', numeric: false, value: (row) => row.plan, cell: (row) => formatText(row.plan) },
  { key: 'mrr', label: 'MRR', numeric: true, value: (row) => row.mrr, cell: (row) => formatMoney(row.mrr) },
  { key: 'activeUsers', label: 'Active users', numeric: true, value: (row) => row.activeUsers, cell: (row) => formatCount(row.activeUsers) },
  { key: 'seats', label: 'Seats', numeric: true, value: (row) => row.seats, cell: (row) => formatCount(row.seats) },
  { key: 'seatUtilization', label: 'Seat use', numeric: true, title: 'Active users / seats', value: (row) => row.seatUtilization, cell: (row) => formatPercent(row.seatUtilization) },
  { key: 'breadth', label: 'Breadth', numeric: true, title: 'Core features adopted / core features', value: (row) => row.breadth, cell: (row) => formatPercent(row.breadth) },
  { key: 'depth', label: 'Depth', numeric: true, title: 'Mean distinct features per active user', value: (row) => row.depth, cell: (row) => formatDecimal(row.depth, 1) },
  { key: 'stickiness', label: 'Stickiness', numeric: true, title: 'Mean daily active users / active users', value: (row) => row.stickiness, cell: (row) => formatPercent(row.stickiness) },
  { key: 'timeToValueHours', label: 'Time to value', numeric: true, title: 'First event to first activation event', value: (row) => row.timeToValueHours, cell: (row) => formatHours(row.timeToValueHours) },
  { key: 'nps', label: 'NPS', numeric: true, value: (row) => row.nps, cell: (row) => formatNps(row.nps) },
  { key: 'csat', label: 'CSAT', numeric: true, value: (row) => row.csat, cell: (row) => formatScore(row.csat) },
  { key: 'lastSeen', label: 'Last seen', numeric: true, value: (row) => row.lastSeen, cell: (row) => formatDateTime(row.lastSeen) },
];

function matches(row: AccountRow, query: string): boolean {
  if (!query) return true;
  const haystack = [row.accountId, row.name, row.plan, ...(row.risks ?? [])].filter((part) => typeof part === 'string').join(' ').toLowerCase();
  return haystack.includes(query.toLowerCase());
}

/**
 * The accounts table with sorting and filtering; rows link to `#/accounts/<id>`.
 * @example section.append(accountsTable(report.accounts ?? []))
 */
export function accountsTable(rows: readonly AccountRow[]): HTMLElement {
  let sortKey: Column['key'] = 'health';
  let direction: SortDirection = 'asc';
  let query = '';
  const head = h('thead', null);
  const body = h('tbody', null);
  const count = h('span', { class: 'muted small', attrs: { 'aria-live': 'polite' } });

  const render = () => {
    const column = COLUMNS.find((candidate) => candidate.key === sortKey) ?? COLUMNS[0];
    const visible = sortRows(rows.filter((row) => matches(row, query)), column.value, direction);
    replaceChildren(
      head,
      h(
        'tr',
        null,
        COLUMNS.map((candidate) => {
          const active = candidate.key === sortKey;
          const ariaSort = active ? (direction === 'asc' ? 'ascending' : 'descending') : null;
          return h(
            'th',
            { class: candidate.numeric ? 'num' : undefined, attrs: { scope: 'col', 'aria-sort': ariaSort, title: candidate.title } },
            h(
              'button',
              {
                class: active ? `sort-button active ${direction}` : 'sort-button',
                attrs: { type: 'button', 'data-sort': candidate.key },
                on: {
                  click: () => {
                    if (sortKey === candidate.key) direction = direction === 'asc' ? 'desc' : 'asc';
                    else {
                      sortKey = candidate.key;
                      direction = candidate.numeric ? 'desc' : 'asc';
                    }
                    render();
                  },
                },
              },
              candidate.label,
              h('span', { class: 'sort-arrow', attrs: { 'aria-hidden': 'true' } }, active ? (direction === 'asc' ? '▲' : '▼') : '↕'),
            ),
          );
        }),
      ),
    );
    replaceChildren(
      body,
      visible.length
        ? visible.map((row) =>
            h(
              'tr',
              {
                class: 'clickable',
                attrs: { 'data-account-id': row.accountId },
                on: {
                  click: (event) => {
                    // Links handle their own clicks; the rest of the row is a shortcut to the same page.
                    if ((event.target as Element).closest('a')) return;
                    location.hash = accountHref(row.accountId);
                  },
                },
              },
              COLUMNS.map((candidate) => h('td', { class: candidate.numeric ? 'num' : undefined }, candidate.cell(row))),
            ),
          )
        : h('tr', null, h('td', { class: 'empty-state', attrs: { colspan: COLUMNS.length } }, rows.length ? 'No account matches the filter.' : 'No active accounts in this window.')),
    );
    count.textContent = `${visible.length} of ${formatCountOf(rows.length, 'account')}`;
  };

  const filter = h('input', {
    class: 'filter',
    attrs: { type: 'search', placeholder: 'Filter by name, id, plan or risk', 'aria-label': 'Filter accounts' },
    on: {
      input: (event) => {
        query = (event.target as HTMLInputElement).value.trim();
        render();
      },
    },
  });
  render();
  return h('div', { class: 'accounts-table' }, h('div', { class: 'table-tools' }, filter, count), h('div', { class: 'table-scroll' }, h('table', { class: 'data-table' }, head, body)));
}
