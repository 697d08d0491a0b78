// Pure: folds a batch's newly stored events into per-key rollup deltas, so each rollup row is
// written once per batch instead of once per event. No database access (usable by any Store).
import {
  dayOf,
  isActivityEvent,
  isFeatureEvent,
  SURVEY_EVENT_KINDS,
  type StoredEventRow,
  type SurveyEventRow,
  type PlanChangeRow,
} from './store.js';

/** Events of one user closer than this form one implicit session (SPEC §6). */
export const SESSION_GAP_MS = 30 * 60 * 1000;

/** Null account as stored in rollup keys. */
export const NO_ACCOUNT = '';

export interface TraitUpdate {
  traits: Record<string, unknown>;
  ts: number;
}

export interface UserDelta {
  userKey: string;
  userId: string | null;
  /** identify traits in batch order. */
  traitUpdates: TraitUpdate[];
  firstSeen: number;
  lastSeen: number;
}

export interface AccountDelta {
  accountId: string;
  /** group traits in batch order. */
  traitUpdates: TraitUpdate[];
  firstSeen: number;
  lastSeen: number;
}

export interface SpanDelta {
  start: number;
  /** Account of the earliest event. */
  startAccount: string;
  end: number;
}

export interface BatchDeltas {
  users: Map<string, UserDelta>;
  accounts: Map<string, AccountDelta>;
  /** (account, user) first/last seen. */
  accountUsers: Map<string, { accountId: string; userKey: string; firstSeen: number; lastSeen: number }>;
  userDays: Map<string, { day: number; userKey: string; accountId: string; events: number; lastSeen: number }>;
  featureUsage: Map<string, { day: number; accountId: string; userKey: string; event: string; count: number; firstTs: number; lastTs: number }>;
  firstEvents: Map<string, { event: string; accountId: string; userKey: string; firstTs: number }>;
  /** Sessions with an explicit context.sessionId, per (user, sessionId). */
  explicitSessions: Map<string, { userKey: string; sessionId: string } & SpanDelta>;
  /** Implicit sessions per user: the batch's activity events without sessionId, clustered by the 30-minute gap. */
  implicitSessions: Map<string, SpanDelta[]>;
  surveyEvents: SurveyEventRow[];
  planChanges: (PlanChangeRow & { messageId: string })[];
  /** userId ↔ anonymousId pairs. */
  links: Map<string, { userId: string; anonymousId: string }>;
}

// Keys are template literals, not `parts.join`: computeDeltas builds six per event, and a rest array per key cost the bulk writer ~4 % of its time.
const SEP = '\u0000';

/** Key of `BatchDeltas.firstEvents`. */
export const firstEventKey = (event: string, accountId: string, userKey: string): string => `${event}${SEP}${accountId}${SEP}${userKey}`;

/** Traits merge key by key; an update older than the value already held does not overwrite it. */
export function mergeTraits(
  traits: Record<string, unknown>,
  times: Record<string, number>,
  update: TraitUpdate,
): void {
  for (const [name, value] of Object.entries(update.traits)) {
    // '__proto__' would replace the object's prototype instead of storing a trait.
    if (value === undefined || name === '__proto__') continue;
    const held = times[name];
    if (held !== undefined && held > update.ts) continue;
    traits[name] = value;
    times[name] = update.ts;
  }
}

/** Survey row of a `$survey_*` track event, or null when it lacks a surveyId. */
export function surveyRowOf(e: StoredEventRow): SurveyEventRow | null {
  const kind = e.type === 'track' && e.event !== null ? SURVEY_EVENT_KINDS[e.event] : undefined;
  if (!kind) return null;
  const p = e.properties ?? {};
  const surveyId = typeof p.surveyId === 'string' || typeof p.surveyId === 'number' ? String(p.surveyId) : null;
  if (surveyId === null || surveyId === '') return null;
  const score = typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : typeof p.score === 'string' && p.score.trim() !== '' && Number.isFinite(Number(p.score)) ? Number(p.score) : null;
  return {
    kind,
    surveyId,
    surveyKind: p.kind === 'nps' || p.kind === 'csat' || p.kind === 'ces' || p.kind === 'choice' ? p.kind : null,
    responseId: typeof p.responseId === 'string' ? p.responseId : null,
    userKey: e.userKey,
    accountId: e.accountId,
    score,
    choice: typeof p.choice === 'string' && p.choice !== '' ? p.choice : null,
    comment: typeof p.comment === 'string' ? p.comment : null,
    timestamp: e.timestamp,
    messageId: e.messageId,
  };
}

/** Groups one user's implicit-session event times into runs of events less than 30 minutes apart. */
export function clusterSpans(points: { ts: number; accountId: string }[]): SpanDelta[] {
  const sorted = points.map((p, i) => ({ ...p, i })).sort((a, b) => a.ts - b.ts || a.i - b.i);
  const spans: SpanDelta[] = [];
  let current: SpanDelta | null = null;
  for (const p of sorted) {
    if (current && p.ts - current.end < SESSION_GAP_MS) {
      current.end = p.ts;
    } else {
      current = { start: p.ts, startAccount: p.accountId, end: p.ts };
      spans.push(current);
    }
  }
  return spans;
}

/** Deltas of no events (to fold events or other batches' deltas into). */
export function emptyDeltas(): BatchDeltas {
  return {
    users: new Map(),
    accounts: new Map(),
    accountUsers: new Map(),
    userDays: new Map(),
    featureUsage: new Map(),
    firstEvents: new Map(),
    explicitSessions: new Map(),
    implicitSessions: new Map(),
    surveyEvents: [],
    planChanges: [],
    links: new Map(),
  };
}

/** Feature events of some key: how many, and the first and last one's time. */
export interface FeatureUse {
  count: number;
  firstTs: number;
  lastTs: number;
}

/**
 * Sums rows of feature use that share a key: counts added, the earliest first and latest last use
 * kept. `fieldsOf` gives a sum's key fields from its first row.
 * @example sumFeatureUse(rows, (r) => r.event, (r) => ({ event: r.event }))
 */
export function sumFeatureUse<R extends FeatureUse, K extends object>(rows: Iterable<R>, keyOf: (r: R) => string, fieldsOf: (r: R) => K): (K & FeatureUse)[] {
  const sums = new Map<string, K & FeatureUse>();
  for (const r of rows) {
    const key = keyOf(r);
    const t = sums.get(key);
    if (!t) sums.set(key, { ...fieldsOf(r), count: r.count, firstTs: r.firstTs, lastTs: r.lastTs });
    else {
      t.count += r.count;
      t.firstTs = Math.min(t.firstTs, r.firstTs);
      t.lastTs = Math.max(t.lastTs, r.lastTs);
    }
  }
  return [...sums.values()];
}

/** Feature use per (day, name), summed over accounts and users: the rows every account shares. */
export const featureUseByName = (rows: Iterable<FeatureUse & { day: number; event: string }>) =>
  sumFeatureUse(rows, (r) => `${r.day}${SEP}${r.event}`, (r) => ({ day: r.day, event: r.event }));

/** Feature use per (day, account, name), summed over the account's users (`accountId` '' = none). */
export const featureUseByAccountDay = (rows: Iterable<FeatureUse & { day: number; accountId: string; event: string }>) =>
  sumFeatureUse(rows, (r) => `${r.day}${SEP}${r.accountId}${SEP}${r.event}`, (r) => ({ day: r.day, accountId: r.accountId, event: r.event }));

type EntryOf<M> = M extends Map<string, infer V> ? V : never;

/** computeDeltas' entries of one user's latest account, day and session (see there); undefined = not looked up. */
export interface UserCursor {
  user: UserDelta;
  account: string | null;
  accountUser: EntryOf<BatchDeltas['accountUsers']> | undefined;
  firstEvents: Map<string, EntryOf<BatchDeltas['firstEvents']>>;
  day: number;
  userDay: EntryOf<BatchDeltas['userDays']> | undefined;
  featureUse: Map<string, EntryOf<BatchDeltas['featureUsage']>>;
  session: EntryOf<BatchDeltas['explicitSessions']> | undefined;
  linkUserId: string | null;
  linkAnonymousId: string | null;
}

const newCursor = (user: UserDelta): UserCursor => ({
  user, account: null, accountUser: undefined, firstEvents: new Map(), day: NaN, userDay: undefined, featureUse: new Map(), session: undefined, linkUserId: null, linkAnonymousId: null,
});

/**
 * computeDeltas' cursors of each user, valid as long as the deltas they point into: a caller that folds
 * many batches into one `into` passes the same cursors each time, so a user's entries are not looked up
 * again (nor its cursor rebuilt) in every batch (~0.4 µs per event of the bulk writer).
 */
export type DeltaCursors = Map<string, UserCursor>;
export const newDeltaCursors = (): DeltaCursors => new Map();

/**
 * Joins two lists of runs (each sorted, each run's events less than 30 minutes apart) into the runs of
 * all their events; on equal starts the earlier list's run comes first (its account is the start's).
 * @example joinSpans([{ start: 0, startAccount: 'a', end: 10 }], [{ start: 5, startAccount: 'b', end: 40 }]) // one run 0–40, account 'a'
 */
export function joinSpans(earlier: SpanDelta[], later: SpanDelta[]): SpanDelta[] {
  const all = [...earlier, ...later].sort((a, b) => a.start - b.start); // stable: earlier first on ties
  const out: SpanDelta[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.start - last.end < SESSION_GAP_MS) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Folds newly stored events (in batch order, each with its attributed account) into rollup deltas:
 * new ones, or `into`, the deltas of earlier events (a bulk transaction's), which it changes. Folding
 * batches one after the other into one `into` gives what one call for all their events gives
 * (what `mergeDeltas` of each batch's deltas gives, without building them first); pass it the same
 * `cursors` each time (see `DeltaCursors`).
 * @example const d = computeDeltas(rows); d.userDays.size
 */
export function computeDeltas(rows: StoredEventRow[], into?: BatchDeltas, cursors: DeltaCursors = newDeltaCursors()): BatchDeltas {
  const d = into ?? emptyDeltas();
  const implicitPoints = new Map<string, { ts: number; accountId: string }[]>();
  // Each user's entries of its latest (day, account), session and link: a user's events mostly follow
  // one another within them, and finding an entry again by its string key (built and hashed per event)
  // was most of this function's time. Entries are still created (and so ordered) exactly as keyed.

  for (const e of rows) {
    const ts = e.timestamp;
    const account = e.accountId ?? NO_ACCOUNT;

    let c = cursors.get(e.userKey);
    if (!c) {
      let found = d.users.get(e.userKey);
      if (!found) d.users.set(e.userKey, (found = { userKey: e.userKey, userId: e.userId, traitUpdates: [], firstSeen: ts, lastSeen: ts }));
      cursors.set(e.userKey, (c = newCursor(found)));
    }
    const user = c.user;
    user.firstSeen = Math.min(user.firstSeen, ts);
    user.lastSeen = Math.max(user.lastSeen, ts);
    if (e.userId !== null) user.userId = e.userId;
    if (e.type === 'identify' && e.traits) user.traitUpdates.push({ traits: e.traits, ts });

    if (e.userId !== null && e.anonymousId !== null && e.anonymousId !== e.userId && (c.linkUserId !== e.userId || c.linkAnonymousId !== e.anonymousId)) {
      d.links.set(`${e.userId}${SEP}${e.anonymousId}`, { userId: e.userId, anonymousId: e.anonymousId });
      c.linkUserId = e.userId;
      c.linkAnonymousId = e.anonymousId;
    }

    if (account !== c.account) {
      c.account = account;
      c.accountUser = undefined;
      c.day = NaN;
      c.firstEvents.clear();
    }
    if (e.accountId !== null) {
      let acc = d.accounts.get(e.accountId);
      if (!acc) d.accounts.set(e.accountId, (acc = { accountId: e.accountId, traitUpdates: [], firstSeen: ts, lastSeen: ts }));
      acc.firstSeen = Math.min(acc.firstSeen, ts);
      acc.lastSeen = Math.max(acc.lastSeen, ts);
      if (e.type === 'group') {
        if (e.traits) acc.traitUpdates.push({ traits: e.traits, ts });
        const plan = e.traits?.plan;
        if (typeof plan === 'string' || typeof plan === 'number') {
          d.planChanges.push({ accountId: e.accountId, plan: String(plan), timestamp: ts, messageId: e.messageId });
        }
      }
      let au = c.accountUser;
      if (!au) {
        const auKey = `${e.accountId}${SEP}${e.userKey}`;
        au = d.accountUsers.get(auKey);
        if (!au) d.accountUsers.set(auKey, (au = { accountId: e.accountId, userKey: e.userKey, firstSeen: ts, lastSeen: ts }));
        c.accountUser = au;
      }
      au.firstSeen = Math.min(au.firstSeen, ts);
      au.lastSeen = Math.max(au.lastSeen, ts);
    }

    if (e.type === 'track' && e.event !== null) {
      let fe = c.firstEvents.get(e.event);
      if (!fe) {
        const feKey = firstEventKey(e.event, account, e.userKey);
        fe = d.firstEvents.get(feKey);
        if (!fe) d.firstEvents.set(feKey, (fe = { event: e.event, accountId: account, userKey: e.userKey, firstTs: ts }));
        c.firstEvents.set(e.event, fe);
      }
      fe.firstTs = Math.min(fe.firstTs, ts);
    }

    const survey = surveyRowOf(e);
    if (survey) d.surveyEvents.push(survey);

    if (!isActivityEvent(e.type, e.event)) continue;
    const day = dayOf(ts);
    if (day !== c.day) {
      c.day = day;
      c.userDay = undefined;
      c.featureUse.clear();
    }

    let ud = c.userDay;
    if (!ud) {
      const udKey = `${day}${SEP}${e.userKey}${SEP}${account}`;
      ud = d.userDays.get(udKey);
      if (!ud) d.userDays.set(udKey, (ud = { day, userKey: e.userKey, accountId: account, events: 0, lastSeen: ts }));
      c.userDay = ud;
    }
    ud.events += 1;
    ud.lastSeen = Math.max(ud.lastSeen, ts);

    if (isFeatureEvent(e.type, e.event)) {
      let fu = c.featureUse.get(e.event!);
      if (!fu) {
        const fuKey = `${day}${SEP}${account}${SEP}${e.userKey}${SEP}${e.event}`;
        fu = d.featureUsage.get(fuKey);
        if (!fu) d.featureUsage.set(fuKey, (fu = { day, accountId: account, userKey: e.userKey, event: e.event!, count: 0, firstTs: ts, lastTs: ts }));
        c.featureUse.set(e.event!, fu);
      }
      fu.count += 1;
      fu.firstTs = Math.min(fu.firstTs, ts);
      fu.lastTs = Math.max(fu.lastTs, ts);
    }

    if (e.sessionId !== null) {
      let x = c.session;
      if (!x || x.sessionId !== e.sessionId) {
        const sKey = `${e.userKey}${SEP}${e.sessionId}`;
        x = d.explicitSessions.get(sKey);
        if (!x) d.explicitSessions.set(sKey, (x = { userKey: e.userKey, sessionId: e.sessionId, start: ts, startAccount: account, end: ts }));
        c.session = x;
      }
      if (ts < x.start) {
        x.start = ts;
        x.startAccount = account;
      }
      x.end = Math.max(x.end, ts);
    } else {
      let points = implicitPoints.get(e.userKey);
      if (!points) implicitPoints.set(e.userKey, (points = []));
      points.push({ ts, accountId: account });
    }
  }
  for (const [userKey, points] of implicitPoints) {
    const spans = clusterSpans(points);
    const held = d.implicitSessions.get(userKey);
    d.implicitSessions.set(userKey, held ? joinSpans(held, spans) : spans);
  }
  return d;
}
