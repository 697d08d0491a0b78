// The account page (`#/accounts/<id>`): the account's row, health parts, feature adoption, users,
// NPS/CSAT trend and comments, for the chosen window.
import { ApiError } from '../api.js';
import { healthBadge, riskBadges } from '../badges.js';
import { barList } from '../charts/bar-list.js';
import { trendChart } from '../charts/trend-chart.js';
import { h, replaceChildren } from '../dom.js';
import {
  formatCount,
  formatCountOf,
  formatDateTime,
  formatDay,
  formatDecimal,
  formatHours,
  formatMinutes,
  formatMoney,
  formatNps,
  formatPercent,
  formatScore,
  formatText,
  NONE,
} from '../format.js';
import { metricGrid } from '../metric-card.js';
import { readTrend, readUsers, readVerbatims, type UserSummary } from '../normalize.js';
import type { AccountDetail, AccountFeature, AccountHistoryReport } from '../report-types.js';
import { windowQuery, type ReportWindow } from '../report-window.js';
import { lineChart } from '../charts/line-chart.js';
import { verbatimList } from '../verbatims.js';
import { card, loadReports, type ViewContext } from '../view-context.js';

const HEALTH_PARTS = [
  { key: 'breadth', label: 'Breadth', weight: 'core features adopted' },
  { key: 'seatUtilization', label: 'Seat utilization', weight: 'active users / seats, capped at 1' },
  { key: 'stickiness', label: 'Stickiness', weight: 'DAU / active users ÷ 0.5, capped at 1' },
  { key: 'nps', label: 'NPS', weight: '(NPS + 100) / 200' },
] as const;

function featuresTable(features: readonly AccountFeature[]): HTMLElement {
  if (!features.length) return h('p', { class: 'empty-state' }, 'No features in the catalog or seen in this window.');
  const rows = [...features].sort((a, b) => Number(b.adopted === true) - Number(a.adopted === true) || (b.users ?? 0) - (a.users ?? 0));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data-table' },
      h('thead', null, h('tr', null, ['Feature', 'Status', 'Users', 'Events', 'First used', 'Last used'].map((label, index) => h('th', { class: index >= 2 && index <= 3 ? 'num' : undefined, attrs: { scope: 'col' } }, label)))),
      h(
        'tbody',
        null,
        rows.map((feature) =>
          h(
            'tr',
            null,
            h('td', null, h('span', { class: 'feature-name' }, formatText(feature.name ?? feature.key)), feature.core ? h('span', { class: 'badge core' }, 'core') : null, feature.name && feature.key && feature.name !== feature.key ? h('span', { class: 'muted small block' }, feature.key) : null),
            h('td', null, feature.adopted ? h('span', { class: 'badge adopted' }, '✓ Adopted') : h('span', { class: 'badge not-adopted' }, 'Not adopted')),
            h('td', { class: 'num' }, formatCount(feature.users)),
            h('td', { class: 'num' }, formatCount(feature.events)),
            h('td', null, formatDay(feature.firstUsed)),
            h('td', null, formatDay(feature.lastUsed)),
          ),
        ),
      ),
    ),
  );
}

function usersTable(users: readonly UserSummary[]): HTMLElement {
  if (!users.length) return h('p', { class: 'empty-state' }, 'No users of this account in this window.');
  const hasActiveDays = users.some((user) => user.activeDays !== null);
  const hasFeatures = users.some((user) => user.features !== null);
  const hasEvents = users.some((user) => user.events !== null);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { attrs: { scope: 'col' } }, 'User'),
          h('th', { attrs: { scope: 'col' } }, 'Email'),
          h('th', { attrs: { scope: 'col' } }, 'Role'),
          hasActiveDays ? h('th', { class: 'num', attrs: { scope: 'col' } }, 'Active days') : null,
          hasFeatures ? h('th', { class: 'num', attrs: { scope: 'col' } }, 'Features') : null,
          hasEvents ? h('th', { class: 'num', attrs: { scope: 'col' } }, 'Events') : null,
          h('th', { attrs: { scope: 'col' } }, 'Last seen'),
        ),
      ),
      h(
        'tbody',
        null,
        users.map((user) =>
          h(
            'tr',
            null,
            h(
              'td',
              null,
              h('span', null, user.name ?? user.id),
              user.identified === false ? h('span', { class: 'badge anonymous', attrs: { title: 'Not identified yet (anonymousId)' } }, 'anonymous') : null,
              user.name ? h('span', { class: 'muted small block' }, user.id) : null,
            ),
            h('td', null, formatText(user.email)),
            h('td', null, formatText(user.role)),
            hasActiveDays ? h('td', { class: 'num' }, formatCount(user.activeDays)) : null,
            hasFeatures ? h('td', { class: 'num' }, formatCount(user.features)) : null,
            hasEvents ? h('td', { class: 'num' }, formatCount(user.events)) : null,
            h('td', null, formatDateTime(user.lastSeen)),
          ),
        ),
      ),
    ),
  );
}

/** The 12 weeks ending with the window (the history is computed per ISO week). */
function historyWindow(w: ReportWindow): ReportWindow {
  return { days: 84, from: new Date(Date.parse(w.to) - 84 * 86_400_000).toISOString().slice(0, 10), to: w.to };
}

function healthHistoryChart(history: AccountHistoryReport): HTMLElement {
  return lineChart('Health by week', history.points.map((p) => p.start), [{ label: 'Health', values: history.points.map((p) => p.health), format: formatScore }], { range: [0, 100] });
}

/**
 * Renders one account's page into `root`.
 * @example await renderAccount(main, ctx, 'acme')
 */
export async function renderAccount(root: HTMLElement, ctx: ViewContext, accountId: string): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading', attrs: { role: 'status' } }, 'Loading account…'));
  const path = `/v1/reports/accounts/${encodeURIComponent(accountId)}`;
  const results = await loadReports(ctx, [`${path}?${windowQuery(ctx.window)}`, `${path}/history?interval=week&${windowQuery(historyWindow(ctx.window))}`]);
  if (!results) return;
  const [result, history] = results;
  const back = h('a', { class: 'back-link', attrs: { href: '#/' } }, '← All accounts');
  if (result instanceof ApiError) {
    const message = result.status === 404
      ? ctx.segment ? `Account “${accountId}” is not in the chosen segment (or not known to this project).` : `No account “${accountId}” is known to this project.`
      : `Could not load this account: ${result.message}`;
    replaceChildren(root, back, h('p', { class: 'error-box', attrs: { role: 'status' } }, message));
    return;
  }
  const account = result as AccountDetail;
  const parts = account.healthParts ?? {};
  replaceChildren(
    root,
    back,
    h(
      'header',
      { class: 'account-header' },
      h(
        'div',
        null,
        h('h1', { class: 'account-name' }, formatText(account.name ?? account.accountId)),
        h(
          'p',
          { class: 'muted account-facts' },
          h('span', null, 'ID ', h('code', null, account.accountId)),
          h('span', null, 'Plan ', h('strong', null, formatText(account.plan))),
          h('span', null, 'Seats ', h('strong', null, formatCount(account.seats))),
          h('span', null, 'MRR ', h('strong', null, formatMoney(account.mrr))),
          h('span', null, 'Last seen ', h('strong', null, formatDateTime(account.lastSeen))),
        ),
      ),
      h('div', { class: 'account-health' }, h('span', { class: 'muted small' }, 'Health'), healthBadge(account.health), riskBadges(account.risks)),
    ),
    metricGrid([
      { label: 'Active users', value: formatCount(account.activeUsers) },
      { label: 'Seat utilization', value: formatPercent(account.seatUtilization), definition: 'Active users / seats' },
      { label: 'Breadth', value: formatPercent(account.breadth), definition: 'Core features adopted / core features' },
      { label: 'Depth', value: formatDecimal(account.depth, 1), definition: 'Mean distinct features per active user' },
      { label: 'Stickiness', value: formatPercent(account.stickiness), definition: 'Mean over the window’s days of DAU / active users' },
      { label: 'Time to value', value: formatHours(account.timeToValueHours), definition: 'From the account’s first event to its first activation event' },
      { label: 'NPS', value: formatNps(account.nps) },
      { label: 'CSAT', value: formatScore(account.csat), detail: `${formatCountOf(account.responses, 'response')} (NPS + CSAT)` },
      { label: 'Sessions', value: formatCount(account.sessions), detail: `${formatDecimal(account.sessionsPerUserPerWeek, 1)} per user per week` },
      { label: 'Avg session', value: formatMinutes(account.avgSessionMinutes) },
      { label: 'Referral rate', value: formatPercent(account.referralRate) },
    ]),
    h(
      'div',
      { class: 'chart-grid' },
      card('Health by week', 'The account’s health (0–100) computed on each week of the last 12', history instanceof ApiError ? history : healthHistoryChart(history as AccountHistoryReport), 'chart-health-history'),
      card('NPS and CSAT by week', 'This account’s responses', trendChart(readTrend(account)), 'chart-trend'),
      card(
        'Health parts',
        'Each part’s 0…1 input to the health score',
        barList(HEALTH_PARTS.map((part) => ({ label: part.label, detail: part.weight, share: parts[part.key] ?? null, display: parts[part.key] === null || parts[part.key] === undefined ? NONE : formatPercent(parts[part.key]) }))),
      ),
    ),
    card('Features', 'Adopted = used by at least one of the account’s users in the window', featuresTable(account.features ?? []), 'wide'),
    card('Users', null, usersTable(readUsers(account)), 'wide'),
    card('What this account says', 'Survey comments', verbatimList(readVerbatims(account)), 'wide'),
  );
  document.title = `${formatText(account.name ?? account.accountId)} · Uptake`;
}
