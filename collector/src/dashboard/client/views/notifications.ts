// The notifications page (`#/notifications`, SPEC §11): the project's recent notifications from the
// outbox with their status, attempts and last error; a failed one can be retried from here.
import { ApiError } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formatDateTime, formatText } from '../format.js';
import { card, loadReports, type ViewContext } from '../view-context.js';

/** One row of `GET /v1/admin/notifications` (the server's shape). */
export interface NotificationSummary {
  id: string;
  type: string;
  destination: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  occurredAt: string | null;
}

const STATUS_CLASS = { pending: 'neutral', delivered: 'healthy', failed: 'at-risk' } as const;

async function retry(ctx: ViewContext, id: string, done: () => void): Promise<void> {
  const response = await fetch(`/v1/admin/notifications/${encodeURIComponent(id)}/retry`, { method: 'POST', headers: { Authorization: `Bearer ${ctx.secretKey}` } });
  if (response.status === 401) return ctx.onUnauthorized('The secret key was not accepted (it may have changed). Enter it again.');
  done();
}

function table(ctx: ViewContext, rows: readonly NotificationSummary[], reload: () => void): HTMLElement {
  if (!rows.length) return h('p', { class: 'empty-state' }, 'No notifications yet. Add rules under "notifications" in the config (see docs/notifications.md).');
  return h('div', { class: 'table-scroll' }, h(
    'table',
    { class: 'data-table' },
    h('thead', null, h('tr', null, ['Queued', 'Type', 'Destination', 'Status', 'Attempts', 'Last error', 'Next attempt / delivered', ''].map((t) => h('th', null, t)))),
    h('tbody', null, rows.map((n) => h(
      'tr',
      { attrs: { 'data-id': n.id } },
      h('td', null, formatDateTime(n.createdAt)),
      h('td', null, n.type),
      h('td', null, n.destination),
      h('td', null, h('span', { class: `badge health ${STATUS_CLASS[n.status] ?? 'none'}` }, n.status)),
      h('td', { class: 'num' }, String(n.attempts)),
      h('td', { class: 'muted small' }, formatText(n.lastError)),
      h('td', null, formatDateTime(n.status === 'delivered' ? n.deliveredAt : n.nextAttemptAt)),
      h('td', null, n.status === 'failed'
        ? h('button', { class: 'ghost', attrs: { type: 'button' }, on: { click: () => void retry(ctx, n.id, reload) } }, 'Retry')
        : null),
    ))),
  ));
}

/** Renders the page into `main`. */
export async function renderNotifications(main: HTMLElement, ctx: ViewContext): Promise<void> {
  document.title = 'Notifications · Uptake';
  replaceChildren(main, h('p', { class: 'muted' }, 'Loading notifications…'));
  const loaded = await loadReports(ctx, ['/v1/admin/notifications?limit=200']);
  if (!loaded) return;
  const [result] = loaded;
  const content = result instanceof ApiError ? result : table(ctx, (result as { notifications: NotificationSummary[] }).notifications, () => void renderNotifications(main, ctx));
  replaceChildren(main, card('Notifications', 'Alerts, digests and tests sent to Slack, webhooks and email; newest first', content));
}
