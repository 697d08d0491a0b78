// The dashboard's entry point: key prompt, top bar with the window picker, and a hash router
// (`#/` overview, `#/accounts/<id>` account page). Loaded as a file under a strict CSP.
import { getReport, UnauthorizedError } from './api.js';
import { h, replaceChildren } from './dom.js';
import { formatDay } from './format.js';
import { WINDOW_CHOICES, windowOfLastDays, windowQuery, type ReportWindow } from './report-window.js';
import { forgetSecretKey, readSecretKey, saveSecretKey } from './session-key.js';
import type { ViewContext } from './view-context.js';
import { renderAccount } from './views/account.js';
import { loginView } from './views/login.js';
import { renderOverview } from './views/overview.js';
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
        try {
          await getReport(secretKey, `/v1/reports/overview?${windowQuery(currentWindow())}`);
        } catch (error) {
          if (error instanceof UnauthorizedError) return 'That key was not accepted. Use the secretKey of your project (not the writeKey).';
          return error instanceof Error ? error.message : String(error);
        }
        saveSecretKey(secretKey);
        void route();
        return null;
      },
    }),
  );
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
    main,
  );
  const ctx: ViewContext = { secretKey, window: reportWindow, isCurrent: () => id === navigation, onUnauthorized: showLogin };
  const match = /^#\/accounts\/(.+)$/.exec(location.hash);
  if (location.hash === '#/notifications') {
    await renderNotifications(main, ctx);
  } else if (match) {
    let accountId = match[1];
    try {
      accountId = decodeURIComponent(accountId);
    } catch {
      /* keep it as written */
    }
    await renderAccount(main, ctx, accountId);
  } else {
    document.title = 'Overview · Uptake';
    await renderOverview(main, ctx);
  }
}

addEventListener('hashchange', () => {
  // A new page starts at its top, as a link to another page would.
  scrollTo(0, 0);
  void route();
});
void route();
