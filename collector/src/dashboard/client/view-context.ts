// What every page of the dashboard gets from the shell: the key, the window, and a way out when
// the key stops working.
import { ApiError, getReport, UnauthorizedError } from './api.js';
import { h } from './dom.js';
import type { ReportWindow } from './report-window.js';

export interface ViewContext {
  secretKey: string;
  window: ReportWindow;
  /** The segment filters (SPEC §10) as a query string, '' for every account; every report request carries them. */
  segment: string;
  /** True while this page is still the one on screen (a newer navigation makes it false). */
  isCurrent: () => boolean;
  /** Back to the key prompt with a message (the key was refused). */
  onUnauthorized: (message: string) => void;
}

/**
 * Fetches several reports at once; a refused key ends the page, other failures stay per report.
 * @example const [overview, accounts] = await loadReports(ctx, ['/v1/reports/overview', '/v1/reports/accounts'])
 */
export async function loadReports(ctx: ViewContext, paths: readonly string[]): Promise<(unknown | ApiError)[] | null> {
  const withSegment = (path: string) => (ctx.segment ? `${path}${path.includes('?') ? '&' : '?'}${ctx.segment}` : path);
  const settled = await Promise.allSettled(paths.map((path) => getReport<unknown>(ctx.secretKey, withSegment(path))));
  if (!ctx.isCurrent()) return null;
  const refused = settled.find((result) => result.status === 'rejected' && result.reason instanceof UnauthorizedError);
  if (refused) {
    ctx.onUnauthorized('The secret key was not accepted (it may have changed). Enter it again.');
    return null;
  }
  return settled.map((result) =>
    result.status === 'fulfilled' ? result.value : result.reason instanceof ApiError ? result.reason : new ApiError(0, String(result.reason)),
  );
}

/**
 * A card (section) with a title, an optional subtitle, and its content or an error box.
 * @example card('Feature adoption by account', 'Share of active accounts', barList(bars))
 */
export function card(title: string, subtitle: string | null, content: Node | ApiError, className = ''): HTMLElement {
  return h(
    'section',
    { class: `card ${className}`.trim() },
    h('header', { class: 'card-header' }, h('h2', null, title), subtitle ? h('p', { class: 'muted small' }, subtitle) : null),
    content instanceof ApiError ? h('p', { class: 'error-box', attrs: { role: 'status' } }, `Could not load this report: ${content.message}`) : content,
  );
}
