// The churn page (SPEC §10): accounts active in the previous window and not in this one, as they
// were before they left; churn by plan; the feature gap; the reasons churned users gave.
import { ApiError } from '../api.js';
import { accountHref } from '../accounts-table.js';
import { healthBadge, riskBadges } from '../badges.js';
import { barList } from '../charts/bar-list.js';
import { h, replaceChildren } from '../dom.js';
import { formatCount, formatDecimal, formatMoney, formatNps, formatPercent, formatText, NONE } from '../format.js';
import type { ChurnReport } from '../report-types.js';
import { windowQuery } from '../report-window.js';
import { card, loadReports, type ViewContext } from '../view-context.js';

function table(headers: readonly string[], rows: readonly (readonly (Node | string)[])[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty-state' }, empty);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data-table' },
      h('thead', null, h('tr', null, headers.map((label) => h('th', { attrs: { scope: 'col' } }, label)))),
      h('tbody', null, rows.map((cells) => h('tr', null, cells.map((cell) => h('td', null, cell))))),
    ),
  );
}

/**
 * Renders the churn page into `root`.
 * @example await renderChurn(main, ctx)
 */
export async function renderChurn(root: HTMLElement, ctx: ViewContext): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading', attrs: { role: 'status' } }, 'Loading churn…'));
  const loaded = await loadReports(ctx, [`/v1/reports/churn?${windowQuery(ctx.window)}`]);
  if (!loaded) return;
  const [result] = loaded;
  if (result instanceof ApiError) return replaceChildren(root, card('Churn', null, result));
  const churn = result as ChurnReport;
  replaceChildren(
    root,
    h('h2', { class: 'page-title' }, 'Churn'),
    card(
      'Churned accounts',
      'Active in the previous window, not in this one; health, risks and NPS as they were before they left',
      table(
        ['Account', 'Plan', 'MRR', 'Tenure (days)', 'Health', 'Risks', 'NPS', 'Features adopted'],
        churn.churnedAccounts.map((a) => [
          h('a', { attrs: { href: accountHref(a.accountId) } }, formatText(a.name ?? a.accountId)), formatText(a.plan), formatMoney(a.mrr), formatDecimal(a.tenureDays, 0),
          healthBadge(a.health), riskBadges(a.risks), formatNps(a.nps), a.featuresAdopted.join(', ') || NONE,
        ]),
        'No account churned in this window.',
      ),
      'wide churned-accounts',
    ),
    h(
      'div',
      { class: 'chart-grid' },
      card('Churn by plan', 'Of the accounts active in the previous window', table(
        ['Plan', 'Before', 'Churned', 'Churn rate', 'MRR churned'],
        churn.byPlan.map((p) => [p.plan === null ? 'no plan' : formatText(p.plan), formatCount(p.accountsBefore), formatCount(p.churned), formatPercent(p.churnRate), formatMoney(p.mrrChurned)]),
        'No account was active in the previous window.',
      )),
      card('Feature gap', 'Account adoption in the previous window: churned vs retained', table(
        ['Feature', 'Churned', 'Retained'],
        churn.featureGap.map((f) => [formatText(f.name), formatPercent(f.adoptionChurned), formatPercent(f.adoptionRetained)]),
        'No feature was used in the previous window.',
      )),
      card('Reasons', 'Latest answers of churned accounts’ users to exit surveys', barList(
        churn.reasons.map((r) => ({ label: r.label, detail: r.surveyId, share: r.count / Math.max(1, ...churn.reasons.map((x) => x.count)), display: formatCount(r.count) })),
        'No exit-survey answers from churned accounts.',
      )),
    ),
  );
}
