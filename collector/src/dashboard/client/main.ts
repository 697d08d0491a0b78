// The dashboard's entry point: key prompt, top bar with the window picker, the segment bar, and a
// hash router (`#/` overview, `#/features`, `#/churn`, `#/experiments`, `#/accounts/<id>` account page); the segment
// is the page's query string. Loaded as a file under a strict CSP.
import { ApiError, getReport, UnauthorizedError } from './api.js';
import { h, replaceChildren } from './dom.js';
import { formatDay } from './format.js';
import { WINDOW_CHOICES, windowOfLastDays, windowQuery, type ReportWindow } from './report-window.js';
import { forgetSecretKey, readAccountScope, readSecretKey, saveAccountScope, saveSecretKey } from './session-key.js';
import type { ViewContext } from './view-context.js';
import { renderAccount } from './views/account.js';
import { loginView } from './views/login.js';
import { renderOverview } from './views/overview.js';
import { renderExperiments } from './views/experiments.js';
import { renderChurn } from './views/churn.js';
import { renderFeatures } from './views/features.js';
import { segmentBar, segmentOf } from './segment-bar.js';
import { renderNotifications } from './views/notifications.js';

const DAYS_KEY = 'uptake.dashboard.days';
const root = document.getElementById('app')!;
let navigation = 0;

function chosenDays(): number {
  let stored: number | null = null;
  try {
    stored = Number(sessionStorage.getItem(DAYS_KEY));
  } catch {
    /* default below */
  }
  return WINDOW_CHOICES.includes(stored as (typeof WINDOW_CHOICES)[number]) ? (stored as number) : 30;
}

function currentWindow(): ReportWindow {
  return windowOfLastDays(chosenDays(), Date.now());
}

function showLogin(message: string | null): void {
  navigation += 1;
  forgetSecretKey();
  document.title = 'Uptake dashboard';
  replaceChildren(
    root,
    loginView({
      message,
      check: async (secretKey) => {
        let account: string | null;
        try {
          account = await accountScopeOf(secretKey);
        } catch (error) {
          if (error instanceof UnauthorizedError) return 'That key was not accepted. Use the secretKey of your project or a token (not the writeKey).';
          return error instanceof Error ? error.message : String(error);
        }
        saveSecretKey(secretKey);
        saveAccountScope(account);
        void route();
        return null;
      },
    }),
  );
}

/**
 * Null for a key that reads the whole project; for a token narrowed to one account (the overview
 * answers 403), that account, found as the one row the accounts report shows it.
 */
async function accountScopeOf(key: string): Promise<string | null> {
  const query = windowQuery(currentWindow());
  try {
    await getReport(key, `/v1/reports/overview?${query}`);
    return null;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403) throw error;
  }
  const { accounts } = await getReport<{ accounts: { accountId: string }[] }>(key, `/v1/reports/accounts?${query}`);
  if (accounts.length !== 1) throw new ApiError(403, 'This token reads one account, which has no activity in the last 30 days.');
  return accounts[0].accountId;
}

function topBar(reportWindow: ReportWindow, onWindow: (days: number) => void): HTMLElement {
  const last = new Date(Date.parse(reportWindow.to) - 86_400_000).toISOString();
  return h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', attrs: { href: '#/' } }, h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }), 'Uptake'),
    h(
      'div',
      { class: 'topbar-tools' },
      h(
        'div',
        { class: 'window-picker', attrs: { role: 'group', 'aria-label': 'Report window' } },
        WINDOW_CHOICES.map((days) =>
          h(
            'button',
            {
              class: days === reportWindow.days ? 'segment active' : 'segment',
              attrs: { type: 'button', 'aria-pressed': days === reportWindow.days ? 'true' : 'false', 'data-days': days },
              on: { click: () => onWindow(days) },
            },
            `${days} days`,
          ),
        ),
      ),
      h('span', { class: 'window-range muted small' }, `${formatDay(reportWindow.from)} – ${formatDay(last)} (UTC)`),
      h('a', { class: 'ghost', attrs: { href: '#/notifications' } }, 'Notifications'),
      h(
        'button',
        {
          class: 'ghost',
          attrs: { type: 'button', title: 'Forget the secret key in this tab' },
          on: { click: () => showLogin('Locked. Enter the secret key to open the dashboard again.') },
        },
        'Lock',
      ),
    ),
  );
}

async function route(): Promise<void> {
  const secretKey = readSecretKey();
  if (!secretKey) return showLogin(null);
  const id = ++navigation;
  const reportWindow = currentWindow();
  const main = h('main', { class: 'page', attrs: { id: 'main' } });
  replaceChildren(
    root,
    topBar(reportWindow, (days) => {
      try {
        sessionStorage.setItem(DAYS_KEY, String(days));
      } catch {
        /* the choice then lasts for this render only */
      }
      void route();
    }),
    viewNav(),
    segmentBar(segmentOf(location.search), [], applySegment),
    main,
  );
  const segment = segmentOf(location.search).toString();
  const ctx: ViewContext = { secretKey, window: reportWindow, segment, isCurrent: () => id === navigation, onUnauthorized: showLogin };
  // A token narrowed to one account shows that account's page only.
  const scope = readAccountScope();
  if (scope !== null && location.hash !== `#/accounts/${encodeURIComponent(scope)}`) {
    location.replace(`#/accounts/${encodeURIComponent(scope)}`);
    return;
  }
  if (scope === null) void fillPlans(secretKey, reportWindow, id);
  const match = /^#\/accounts\/(.+)$/.exec(location.hash);
  if (location.hash === '#/experiments') {
    document.title = 'Experiments · Uptake';
    await renderExperiments(main, ctx);
  } else if (location.hash === '#/notifications') {
    document.title = 'Notifications · Uptake';
    await renderNotifications(main, ctx);
  } else if (match) {
    let accountId = match[1];
    try {
      accountId = decodeURIComponent(accountId);
    } catch {
      /* keep it as written */
    }
    await renderAccount(main, ctx, accountId);
  } else if (location.hash === '#/features') {
    document.title = 'Features · Uptake';
    await renderFeatures(main, ctx);
  } else if (location.hash === '#/churn') {
    document.title = 'Churn · Uptake';
    await renderChurn(main, ctx);
  } else {
    document.title = 'Overview · Uptake';
    await renderOverview(main, ctx);
  }
}

/** Links to the views; each keeps the segment (it is the query string, not the hash). */
function viewNav(): HTMLElement {
  const current = /^#\/(features|churn|experiments)$/.exec(location.hash)?.[1] ?? (location.hash.startsWith('#/accounts/') ? 'accounts' : 'overview');
  const link = (hash: string, key: string, label: string) => h('a', { class: key === current ? 'view-link active' : 'view-link', attrs: { href: hash, 'aria-current': key === current ? 'page' : null } }, label);
  return h('nav', { class: 'view-nav', attrs: { 'aria-label': 'Views' } }, link('#/', 'overview', 'Overview'), link('#/features', 'features', 'Features'), link('#/churn', 'churn', 'Churn'), link('#/experiments', 'experiments', 'Experiments'));
}

/** A new segment: a new URL (shareable, in the history), then the view again. */
function applySegment(segment: URLSearchParams): void {
  const search = segment.toString();
  history.pushState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
  void route();
}

/** The plan choices of the segment bar: the plans of the window's accounts (every account, unfiltered). */
async function fillPlans(secretKey: string, reportWindow: ReportWindow, id: number): Promise<void> {
  try {
    const report = await getReport<{ accounts: { plan: string | null }[] }>(secretKey, `/v1/reports/accounts?${windowQuery(reportWindow)}`);
    const select = root.querySelector<HTMLSelectElement>('select[name="plan"]');
    if (id !== navigation || !select) return;
    const have = new Set([...select.options].map((o) => o.value));
    for (const plan of [...new Set(report.accounts.map((a) => a.plan).filter((p): p is string => p !== null))].sort()) {
      if (!have.has(plan)) select.append(h('option', { attrs: { value: plan } }, plan));
    }
  } catch {
    /* the bar still works with the plan already chosen */
  }
}

addEventListener('popstate', () => void route());
addEventListener('hashchange', () => {
  // A new page starts at its top, as a link to another page would.
  scrollTo(0, 0);
  void route();
});
void route();
