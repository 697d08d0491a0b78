// The public API (SPEC §5), as ESM exports and as `window.uptake`: one SDK instance per page.
// Every function is guarded: nothing thrown inside the SDK reaches the host page. Calls made before
// init() are kept and replayed once it runs.
import { createClient, type Client, type Options } from './client.js';
import { guard, log } from './log.js';

export type { Client, Options } from './client.js';
export type { SurveyAppearance } from '@uptake/protocol';

let client: (Client & { hide(): void }) | undefined;
/**
 * Creates the client now if init() was called and it does not exist yet. A method that must answer
 * synchronously (rather than be replayed) calls `start?.()` first, then uses `client`.
 */
let start: (() => void) | undefined;
// Calls made before the client exists, replayed in order once it does; `done` gets the result.
const early: [keyof Client, unknown[], (value: unknown) => void][] = [];

/**
 * (Exported for the script-tag entry, which makes the methods in a loop.)
 * The guarded public function for a client method. Before the client exists it records the call and
 * returns a promise of its result (what flush() and showSurvey() need; the others' is ignored).
 */
export const call = <K extends keyof Client>(method: K) =>
  guard((...args: Parameters<Client[K]>): ReturnType<Client[K]> =>
    client
      ? (client[method] as (...a: unknown[]) => ReturnType<Client[K]>)(...args)
      : (new Promise<unknown>((done) => early.push([method, args, done])) as ReturnType<Client[K]>),
  );

/**
 * Starts the SDK. Calls after the first are ignored. The client is created in the next task:
 * opening localStorage and IndexedDB costs milliseconds on a fresh page, which must not lengthen the
 * host page's script evaluation. Calls made meanwhile are kept and replayed in order, and a page hidden
 * before then starts the client at once and sends them.
 * @example init('wk_demo', { host: 'https://collector.example.com' })
 */
export const init = guard((writeKey: string, options: Options = {}): void => {
  // A second init(), or no write key: one message, with the key given.
  if (start || typeof writeKey != 'string' || !writeKey) return log('init ignored', writeKey);
  start = guard(() => {
    if (client) return;
    client = createClient(writeKey, options);
    for (const [method, args, done] of early.splice(0)) done(guard(client[method] as (...a: unknown[]) => unknown)(...args));
  });
  setTimeout(start);
  // Page hide sends what is unconfirmed; listened to from here so that it covers a page hidden before start.
  const hide = guard(() => (start!(), client!.hide()));
  addEventListener('pagehide', hide);
  // visibilitychange bubbles from the document to the window; `hidden` is visibilityState 'hidden'.
  addEventListener('visibilitychange', () => document.hidden && hide());
});

/**
 * Records a feature use. Properties are made JSON-safe; a bad name drops the event.
 * @example track('Report Exported', { format: 'csv' })
 */
export const track = /* @__PURE__ */ call('track');

/**
 * Names the current user (persisted); traits such as email, name, role, createdAt.
 * @example identify('user_42', { email: 'ada@example.com', role: 'admin' })
 */
export const identify = /* @__PURE__ */ call('identify');

/**
 * Sets the user's current account (persisted; every later event carries it); traits such as name, plan, seats, mrr.
 * @example group('acme', { name: 'Acme', plan: 'pro', seats: 25, mrr: 499 })
 */
export const group = /* @__PURE__ */ call('group');

/**
 * Records a page view.
 * @example page('Reports')
 */
export const page = /* @__PURE__ */ call('page');

/**
 * Forgets the user and account (logout): new anonymousId, new session.
 * @example reset()
 */
export const reset = /* @__PURE__ */ call('reset');

/**
 * Stops all sending on this origin and clears the queue; remembered across reloads.
 * @example optOut()
 */
export const optOut = /* @__PURE__ */ call('optOut');

/**
 * Undoes optOut().
 * @example optIn()
 */
export const optIn = /* @__PURE__ */ call('optIn');

/**
 * Sends what is queued now; resolves when done or when a failure scheduled a retry.
 * @example await flush()
 */
export const flush = (): Promise<void> => Promise.resolve(call('flush')()).catch(log);

/**
 * Shows a survey now if the collector lists it as eligible for this user, ignoring its trigger.
 * Resolves whether it was shown.
 * @example await showSurvey('nps-2026')
 */
export const showSurvey = (id: string): Promise<boolean> => Promise.resolve(call('showSurvey')(id)).catch(log).then(Boolean);

/**
 * The variant of an experiment for the current user or account (SPEC §12), synchronously; null
 * before init(), for an unknown or stopped experiment, or without an account in an account
 * experiment. The first non-null answer of a page load tracks `$experiment_exposure`.
 * @example if (variant('new-export') === 'one-click') showOneClickExport()
 */
export const variant = (key: string): string | null => (start?.(), client?.variant(key) ?? null);
