// One SDK instance: the SPEC §5 API over the durable queue, delivery, identity, clicks and surveys.
// Public methods are wrapped by the facade (index.ts) so nothing thrown here reaches the page.
import type { EventType, SurveyAppearance } from '@uptake/protocol';
import { startWorker } from './worker-client.js';
import { createHide } from './page-hide.js';
import { buildEvent, forgetPage } from './event-builder.js';
import { loadIdentity, saveIdentity, type Identity } from './identity.js';
import { readValue, writeValue } from './local-store.js';
import { endSession } from './session.js';
import { cleanName, cleanJson } from './sanitize.js';
import { listenForFeatureClicks } from './clicks.js';
import { createSurveys } from './surveys.js';
import { watchUrl } from './spa.js';
import { uuidv7 } from './ids.js';
import { guard, log, setDebug } from './log.js';
import { createVariant } from './experiments.js';

export interface Options {
  /** Collector origin, e.g. `https://collector.example.com`. Default: the page's origin (the script's origin for the script tag). */
  host?: string;
  /** Send as soon as this many events are waiting. Default 20. */
  flushAt?: number;
  /** Otherwise send this long after the first waiting event. Default 2000 ms. */
  flushIntervalMs?: number;
  /** Most events kept while they cannot be sent; the oldest are dropped first. Default 10 000. */
  maxQueue?: number;
  /** Ask for due surveys on load and after identify/group; an object sets the widget's look. Default true. */
  surveys?: boolean | SurveyAppearance;
  /** Send `track(name)` for clicks on `[data-uptake-feature="name"]`. Default true. */
  trackClicks?: boolean;
  /** Log SDK errors and decisions to the console. Default false. */
  debug?: boolean;
  /** Single-page apps: track a `page` on every URL change (pushState, replaceState, popstate). Default false. */
  autoPage?: boolean;
  /** Run the queue in a worker from a blob: URL when the collector is on another origin (the page's CSP must allow `worker-src blob:`). Default false. */
  worker?: boolean;
}

export const DEFAULTS = { flushAt: 20, flushIntervalMs: 2000, maxQueue: 10_000, surveys: true, trackClicks: true, debug: false } as const;

export interface Client {
  track(event: string, properties?: Record<string, unknown>): void;
  identify(userId?: string | Record<string, unknown> | null, traits?: Record<string, unknown>): void;
  group(accountId: string, traits?: Record<string, unknown>): void;
  page(name?: string | Record<string, unknown>, properties?: Record<string, unknown>): void;
  reset(): void;
  optOut(): void;
  optIn(): void;
  flush(): Promise<void>;
  /** The facade (index.ts) makes the answer a Promise<boolean>. */
  showSurvey(id: string): Promise<boolean> | boolean;
  variant(key: string): string | null | undefined;
}

const OPT_OUT_KEY = 'uptake.optout';
/** Ids are stored and compared as given; this only stops absurd values. */
const MAX_ID_LENGTH = 1000;

/** `identify(traits)` and `page(properties)`: an object alone is the second argument (one helper: ≈ 10 B gzip). */
const shift = <A, B>(first: A, second: B) => (first && typeof first == 'object' && second === undefined ? [, first] : [first, second]) as [A | undefined, B];

// `>= 1` is false for undefined, NaN and anything not a number or numeric string (no typeof test needed).
const positive = (value: unknown, fallback: number) => ((value as number) >= 1 ? Math.floor(value as number) : fallback);

/**
 * Creates an SDK instance for a write key and starts delivery (resending what earlier pages left).
 * @example const client = createClient('wk_demo', { host: 'https://collector.example.com' }); client.track('Report Exported')
 */
export function createClient(writeKey: string, options: Options): Client & { hide(): void } {
  setDebug(options.debug);
  const host = (options.host || location.origin).replace(/\/+$/, '');
  // Kept in memory (a localStorage read costs µs); a `storage` event brings other tabs' changes.
  let identity: Identity;
  let optedOutNow: boolean;
  // Any `storage` event (another tab changed localStorage) reads both again: a few µs, and shorter
  // than telling our keys apart (≈ 20 B gzip).
  const load = () => {
    identity = loadIdentity();
    optedOutNow = readValue(OPT_OUT_KEY) === '1';
  };
  load();
  const optedOut = () => optedOutNow;
  const config = [host, writeKey, positive(options.maxQueue, DEFAULTS.maxQueue), positive(options.flushAt, DEFAULTS.flushAt), positive(options.flushIntervalMs, DEFAULTS.flushIntervalMs), options.debug];
  // The queue and its delivery run in a worker (or, where none can start, from the same file on this
  // thread); this tab's outbox keeps its unconfirmed events for the page-hide send (worker-client.ts).
  const outbox = startWorker(host, config, optedOut, options.worker);
  const hide = createHide(host, writeKey, outbox, optedOut);
  const flush = (): Promise<void> => outbox.call('flush');
  /** Queues an event: its type, track's event or page's name, and its properties or traits as JSON text. */
  const enqueue = (type: EventType, name: string | undefined, json: string, key = 'properties') =>
    optedOut() || outbox.push(buildEvent(`{"type":"${type}"` + (name ? `,"${type == 'page' ? 'name' : 'event'}":` + JSON.stringify(name) : '') + `,"${key}":`, json, identity));

  const surveyOption = options.surveys ?? DEFAULTS.surveys;
  const surveys = createSurveys(
    host,
    writeKey,
    () => identity,
    guard((event, properties) => {
      const clean = cleanJson(properties);
      if (clean) {
        enqueue('track', event, clean);
        // Answers matter more than batching: send them now.
        flush();
      }
    }),
    flush,
    typeof surveyOption === 'object' ? surveyOption : undefined,
  );

  const checkSurveys = () => surveyOption && !optedOut() && surveys.refresh();

  /** identify(userId, traits) and group(id, traits) share their argument handling. */
  const setId = (key: 'userId' | 'groupId', id: unknown, traits: unknown) => {
    [id, traits] = shift(id, traits);
    const value = id == null ? identity[key] : cleanName(id, MAX_ID_LENGTH);
    const cleanTraits = cleanJson(traits);
    if ((!value && (key === 'groupId' || id != null)) || !cleanTraits) return log('bad', id, traits);
    saveIdentity((identity = { ...identity, [key]: value }));
    enqueue(key === 'userId' ? 'identify' : 'group', undefined, cleanTraits, 'traits');
    checkSurveys();
  };

  const client: Client & { hide(): void } = {
    track(event, properties) {
      const name = cleanName(event);
      const clean = cleanJson(properties);
      if (!name || !clean) return log('bad', event);
      enqueue('track', name, clean);
      surveys.onEvent(name);
    },
    identify: (userId, traits) => setId('userId', userId, traits),
    group: (accountId, traits) => setId('groupId', accountId, traits),
    page(name, properties) {
      [name, properties] = shift(name, properties);
      const clean = cleanJson(properties);
      if (!clean) return log('bad', properties);
      enqueue('page', cleanName(name), clean);
    },
    reset() {
      saveIdentity((identity = { anonymousId: uuidv7() }));
      endSession();
    },
    optOut() {
      optedOutNow = true;
      writeValue(OPT_OUT_KEY, '1');
      outbox.clear();
    },
    optIn() {
      optedOutNow = false;
      writeValue(OPT_OUT_KEY);
    },
    flush,
    showSurvey: (id) => !optedOut() && surveys.show(id),
    variant: createVariant(() => identity, (properties) => enqueue('track', '$experiment_exposure', JSON.stringify(properties))),
    /** Page hide (pagehide, or hidden): index.ts listens from init() on, before the client exists. */
    hide() {
      // The keepalive send first; then this task's events go to the worker and what it has not stored is written.
      hide();
      outbox.hide();
    },
  };

  addEventListener('storage', guard(load));
  addEventListener('online', guard(() => outbox.call('resume')));
  if (options.trackClicks ?? DEFAULTS.trackClicks) listenForFeatureClicks(guard((name: string) => client.track(name)));
  flush();
  checkSurveys();
  watchUrl(guard(() => (forgetPage(), options.autoPage && client.page())), guard(checkSurveys));
  return client;
}
