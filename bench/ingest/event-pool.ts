// Realistic ingest traffic, prepared once so the load generator spends its time sending, not building:
// a pool of SDK-shaped events (page views and catalog feature use of 2 000 users in 200 accounts,
// ten events per user in a row) kept both as JSON text for `POST /v1/batch` bodies and as the
// `events` table row the collector stores for it, so the raw SQLite baseline inserts the same rows.

export const WRITE_KEY = 'wk_demo';
export const PROJECT = 'demo';

const ACCOUNTS = 200;
const USERS_PER_ACCOUNT = 10;
const EVENTS_PER_USER = 10;
const FEATURES = ['Invoice Created', 'Invoice Sent', 'Payment Recorded', 'Report Exported', 'Client Added', 'Reminder Scheduled', 'Expense Logged', 'Quote Created'];
const PAGES = [
  { name: 'Invoices', path: '/invoices' },
  { name: 'Clients', path: '/clients' },
  { name: 'Reports', path: '/reports' },
  { name: 'Settings', path: '/settings' },
];
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Column values of one `events` row, in the column order of the old `events` table after its message id (raw-insert.ts encodes it into the compact layout). */
export type EventRowValues = [type: string, event: string | null, userId: string, anonymousId: string, userKey: string, groupId: string, accountId: string, ts: number, receivedAt: number, sessionId: string, properties: string, traits: null, context: string];

export interface PooledEvent {
  /** The wire event as JSON without its messageId: `{"type":…}`. */
  json: string;
  row: EventRowValues;
}

/**
 * Builds the event pool; timestamps are spread over the minute before `now`.
 * @example const pool = buildEventPool(Date.now()); pool.length // 20 000
 */
export function buildEventPool(now: number): PooledEvent[] {
  const pool: PooledEvent[] = [];
  let n = 0;
  for (let a = 0; a < ACCOUNTS; a++) {
    const groupId = `acct-${a}`;
    for (let u = 0; u < USERS_PER_ACCOUNT; u++) {
      const userId = `${groupId}-user-${u}`;
      const anonymousId = `anon-${userId}`;
      const sessionId = `ses-${userId}`;
      for (let e = 0; e < EVENTS_PER_USER; e++, n++) {
        const page = PAGES[(a + u + e) % PAGES.length];
        const ts = now - 60_000 + (n % 60_000);
        const isPage = e % 3 === 0;
        const properties = isPage
          ? { path: page.path, url: `https://app.example.com${page.path}`, title: `${page.name} · Ledgerly` }
          : { source: e % 2 ? 'toolbar' : 'shortcut', amount: 40 + ((n * 37) % 960), currency: 'EUR' };
        const context = {
          page: { url: `https://app.example.com${page.path}`, path: page.path, title: `${page.name} · Ledgerly`, referrer: '' },
          userAgent: USER_AGENT,
          locale: 'en-GB',
          library: { name: 'uptake-js', version: '0.1.0' },
          sessionId,
        };
        const event = isPage ? null : FEATURES[(a * 3 + u + e) % FEATURES.length];
        const wire = {
          type: isPage ? 'page' : 'track',
          ...(isPage ? { name: page.name } : { event }),
          timestamp: new Date(ts).toISOString(),
          userId,
          anonymousId,
          groupId,
          properties,
          context,
        };
        pool.push({
          json: JSON.stringify(wire),
          row: [wire.type, isPage ? page.name : event, userId, anonymousId, userId, groupId, groupId, ts, ts, sessionId, JSON.stringify(properties), null, JSON.stringify(context)],
        });
      }
    }
  }
  return pool;
}

/**
 * Makes `POST /v1/batch` bodies of `size` pooled events with messageIds unique to this run
 * (`<runId>-<counter>`), walking the pool in order so each user's events stay together.
 * @example const next = batchBodies(pool, 50, 'r1'); const body = next();
 */
export function batchBodies(pool: PooledEvent[], size: number, runId: string): () => string {
  let cursor = 0;
  let counter = 0;
  return () => {
    const sentAt = new Date().toISOString();
    let body = `{"writeKey":"${WRITE_KEY}","sentAt":"${sentAt}","batch":[`;
    for (let i = 0; i < size; i++) {
      const e = pool[cursor];
      cursor = cursor + 1 === pool.length ? 0 : cursor + 1;
      // `{"type":…` → `{"messageId":"…","type":…`: one string concatenation per event.
      body += `${i ? ',' : ''}{"messageId":"${runId}-${(counter++).toString(36)}",${e.json.slice(1)}`;
    }
    return `${body}]}`;
  };
}
