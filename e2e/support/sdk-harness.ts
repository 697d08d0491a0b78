// What the SDK journeys share: a real collector, a host site on another origin whose page loads
// uptake.js from the collector with chosen init options, and a read-only view of what was stored.
import Database from 'better-sqlite3';
import type { Page, Request } from '@playwright/test';
import { startCollector, type RunningCollector } from './collector.js';
import { startStaticServer, type StaticServer } from './survey-static-server.js';

export const WRITE_KEY = 'wk_sdk';

export interface StoredEvent {
  messageId: string;
  type: string;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  sessionId: string | null;
  properties: Record<string, unknown> | null;
  traits: Record<string, unknown> | null;
  context: Record<string, any> | null;
}

export interface SdkHarness {
  collector: RunningCollector;
  site: StaticServer;
  /** URL of the host page; `options` are passed to init() (the tag reads `data-write-key` when omitted). */
  pageUrl(options?: Record<string, unknown>, path?: string): string;
  /** Every stored event of the project, in storage order. */
  events(): StoredEvent[];
  close(): Promise<void>;
}

/** The host page: init options queued snippet-style before the tag, so uptake.js replays them. */
const HOST_PAGE = (collectorUrl: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host app</title>
<script>
  var options = new URLSearchParams(location.search).get('options');
  if (options) window.uptake = [['init', '${WRITE_KEY}', JSON.parse(options)]];
</script>
<script async src="${collectorUrl}/sdk/uptake.js" data-write-key="${WRITE_KEY}"></script></head>
<body><main><h1>Host app</h1>
<button id="export" data-uptake-feature="Report Exported"><span>Export the secret quarterly numbers</span></button>
<div data-uptake-feature="Filters Panel"><p>Region filters <a id="inner" href="#x">Filter by region</a></p></div>
<input id="search" value="secret-input-value">
<button id="plain">Plain button with private text</button>
<form data-uptake-feature="Settings Form"><input id="email" type="email" value="ada@private.example"></form>
</main></body></html>`;

/**
 * Starts a collector (project `sdk`, write key WRITE_KEY, the site's origin allowed) and the host site.
 * @example const h = await startSdkHarness(); await page.goto(h.pageUrl({ flushAt: 1 }))
 */
export async function startSdkHarness(project: Record<string, unknown> = {}): Promise<SdkHarness> {
  const site = await startStaticServer();
  const collector = await startCollector({
    projects: [{ id: 'sdk', name: 'SDK journeys', writeKey: WRITE_KEY, secretKey: 'sk_sdk_secret_value', allowedOrigins: [site.origin], ...project }],
  });
  for (const path of ['/', '/reports', '/delayed', '/manual']) site.set(path, { body: HOST_PAGE(collector.url), type: 'text/html' });
  // A page the browser may keep in its HTTP cache, so it can be opened again with the network down.
  site.set('/cached', { body: HOST_PAGE(collector.url), type: 'text/html', headers: { 'cache-control': 'max-age=600' } });
  site.set('/other', { body: '<!doctype html><title>Other page without the SDK</title><h1>Elsewhere</h1>', type: 'text/html' });
  return {
    collector,
    site,
    pageUrl: (options, path = '/') => `${site.origin}${path}${options ? `?options=${encodeURIComponent(JSON.stringify(options))}` : ''}`,
    events: () => readEvents(collector.dbPath),
    async close() {
      await collector.dispose();
      await site.close();
    },
  };
}

/** Reads the events table read-only (the collector keeps writing meanwhile; WAL allows it). */
export function readEvents(dbPath: string): StoredEvent[] {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch {
    return [];
  }
  try {
    const rows = db
      .prepare(`SELECT message_id, type, event, user_id, anonymous_id, group_id, session_id, properties, traits, context FROM event_rows WHERE project = 'sdk' ORDER BY id`)
      .all() as Record<string, string | null>[];
    const json = (text: string | null) => (text ? JSON.parse(text) : null);
    return rows.map((r) => ({
      messageId: r.message_id!,
      type: r.type!,
      event: r.event,
      userId: r.user_id,
      anonymousId: r.anonymous_id,
      groupId: r.group_id,
      sessionId: r.session_id,
      properties: json(r.properties),
      traits: json(r.traits),
      context: json(r.context),
    }));
  } finally {
    db.close();
  }
}

/** Names of stored track events, sorted (order of arrival is not part of the contract). */
export const trackedNames = (events: StoredEvent[]): string[] => events.filter((e) => e.type === 'track').map((e) => e.event!).sort();

/** `e0`, `e1`, … sorted as trackedNames sorts them. */
export const names = (prefix: string, count: number, from = 0): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i + from}`).sort();

/** Resolves once window.uptake is the loaded SDK (not the snippet's queue). */
export async function sdkReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const uptake = (window as { uptake?: unknown }).uptake;
    return !!uptake && !Array.isArray(uptake);
  });
}

/** Tracks `count` events named prefix+i in the page, in one task. */
export async function trackMany(page: Page, prefix: string, count: number, from = 0): Promise<void> {
  await page.evaluate(
    ([p, n, f]) => {
      for (let i = f; i < f + n; i++) (window as any).uptake.track(`${p}${i}`, { i });
    },
    [prefix, count, from] as const,
  );
}

/** Records every POST /v1/batch the page makes: the events each carried and when. */
export function recordBatches(page: Page): { at: number; messageIds: string[]; request: Request }[] {
  const sent: { at: number; messageIds: string[]; request: Request }[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/v1/batch')) return;
    const body = JSON.parse(request.postData() ?? '{}') as { batch?: { messageId: string }[] };
    sent.push({ at: Date.now(), messageIds: (body.batch ?? []).map((e) => e.messageId), request });
  });
  return sent;
}

/** CORS headers a routed (faked) collector answer needs so the page can read its status. */
export const corsHeaders = (origin: string): Record<string, string> => ({
  'Access-Control-Allow-Origin': origin,
  'Access-Control-Expose-Headers': 'Retry-After',
  'Content-Type': 'application/json',
});
