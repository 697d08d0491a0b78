// Loads what a report needs from the Store's rollup reads (never raw events), once per request.
import type { ProjectConfig } from '../config.js';
import type {
  AccountDayRow, AccountDayTotalRow, AccountScope, ActivityDaysRow, AccountRecord, AccountSurveyPairsRow, ActivitySummary, FeatureAdoption, PlanChangeRow, SessionTotalRow, Store, SurveyAnswerRow,
  SurveyPairsRow, UserActivityRow,
} from '../storage/store.js';
import { accountFeaturesIn, accountFeaturesOf, activitySummaryIn, eventTotalsIn, featureAdoptionIn, type FeatureSpan } from '../storage/span-windows.js';
import { activitySummariesIn, type SpanActivity } from '../storage/window-counts.js';
import { DAY_MS } from '../storage/store.js';
import { previousWindow, type ReportWindow } from './window.js';
import type { AccountFeatureDaysRow } from '../storage/store.js';

export interface ReportInputs {
  project: ProjectConfig;
  window: ReportWindow;
  accounts: Map<string, AccountRecord>;
  /** Active users overall and per account, in the window and the previous window of equal length (churn, usage drop). */
  activity: ActivitySummary;
  /** Per active user of the account: events, active days, last seen (the account page only). */
  userDetail: UserActivityRow[];
  /** Per account: user-days and last activity in the window. */
  accountDayTotals: AccountDayTotalRow[];
  /** Per account active in the window: its user-days (Σ over the days of its daily active users), with `accountDayTotals` or `userDays` needed. */
  userDays: Map<string, number>;
  /** Per account and day (the retention report only). */
  accountDays: AccountDayRow[];
  /**
   * Feature membership per (user, account) and usage per (account, feature); one account's only when
   * scoped to it. Asked for only as `accountFeatures`: the names' use, no members.
   */
  featureAdoption: FeatureAdoption;
  /** Per account, the feature event names its users used, sorted (what breadth reads; with `accountFeatures` needed). */
  accountFeatures: Map<string, readonly string[]>;
  /**
   * The feature event names used in the window, what the feature catalog reads: `featureAdoption`'s
   * names, or for a segment's breadth alone the union of its accounts' names (the segment's names).
   */
  featureNames: readonly string[];
  sessions: SessionTotalRow[];
  /** Account → first activation event ever (ms). */
  firstActivation: Map<string, number>;
  planChanges: PlanChangeRow[];
  /** The window's answers (what NPS and CSAT count). */
  answers: SurveyAnswerRow[];
  /** Response rate's counts per survey. */
  responsePairs: SurveyPairsRow[];
  /** Response rate's counts per (account, survey): every account with a survey event (the satisfaction report's rows). */
  accountSurveyPairs: AccountSurveyPairsRow[];
}

/** Which inputs a report reads; the rest stay empty. */
export interface InputNeeds {
  activity?: boolean;
  userDetail?: boolean;
  accountDayTotals?: boolean;
  /** Only the user-days of `accountDayTotals` (stickiness): a span's activity rows answer it without a read per window. */
  userDays?: boolean;
  accountDays?: boolean;
  featureAdoption?: boolean;
  /** With `featureAdoption`: each name's use (events, first and last use) too, not only who used it (a segment's costliest read). */
  featureUse?: boolean;
  accountFeatures?: boolean;
  sessions?: boolean;
  firstActivation?: boolean;
  planChanges?: boolean;
  answers?: boolean;
  responsePairs?: boolean;
  accountSurveyPairs?: boolean;
}

export const ALL_INPUTS: Required<InputNeeds> = {
  activity: true, userDetail: false, accountDayTotals: true, userDays: false, accountDays: false, featureAdoption: true, featureUse: true, accountFeatures: false, sessions: true, firstActivation: true, planChanges: true, answers: true, responsePairs: true, accountSurveyPairs: false,
};

const NO_FEATURES: FeatureAdoption = { users: [], eventTotals: [], accountTotals: [] };
const NO_ACTIVITY: ActivitySummary = { activeUsers: 0, accounts: [] };

const kept = <T extends { accountId: string | null }>(rows: T[], ids: ReadonlySet<string>): T[] => rows.filter((r) => r.accountId !== null && ids.has(r.accountId));

/**
 * Rows read once for a span that several windows split (trends, history): each window's activity,
 * feature adoption, answers and account-days are then derived from these instead of read again.
 */
export interface SpanRows {
  /** The windows the span was read for: their activity is worked out for all of them at once. */
  windows: readonly ReportWindow[];
  /** Days [fromDay, toDay) the windows cover; activity from `activityFromDay` (their previous windows too). */
  fromDay: number;
  toDay: number;
  activityFromDay: number;
  /** Answers of the span, in time order. */
  answers?: SurveyAnswerRow[];
  /** Account-days of the span, in day order (one account's only). */
  accountDays?: AccountDayRow[];
  /** Active days of each (user, account) pair. */
  activity?: ActivityDaysRow[];
  /** Days of use of each (user, account, feature), and feature use per day. */
  features?: FeatureSpan;
  /** Without `featureAdoption` needed: days of use of each (account, feature) instead of `features.features` (left empty). */
  accountFeatures?: AccountFeatureDaysRow[];
}

/**
 * The accounts a read covers: one account (the account page), a segment's (as if the project held
 * only them), one account within a segment (none when it is not in it), or every account.
 */
function scopeOf(accountId: string | undefined, accountIds: ReadonlySet<string> | undefined): AccountScope | undefined {
  if (accountIds === undefined) return accountId;
  if (accountId === undefined) return [...accountIds];
  return accountIds.has(accountId) ? accountId : [];
}

/** Whose feature use per name a read counts: a segment's accounts alone; everyone's on the account page (beside its own) and without a segment. */
const eventScopeOf = (accountId: string | undefined, accountIds: ReadonlySet<string> | undefined): readonly string[] | undefined =>
  accountId === undefined && accountIds ? [...accountIds] : undefined;

/**
 * Reads once the rows that the windows of a span (in time order) derive their inputs from, for one
 * account and/or a segment's accounts (`accountIds`).
 * @example const span = await readSpan(store, project, splitWindow(window, 'week'), { activity: true, answers: true })
 */
export async function readSpan(
  store: Store, project: ProjectConfig, windows: readonly ReportWindow[], needs: InputNeeds, accountId?: string, accountIds?: ReadonlySet<string>,
): Promise<SpanRows> {
  const fromDay = windows[0].fromDay, toDay = windows[windows.length - 1].toDay;
  const activityFromDay = Math.min(...windows.map((w) => previousWindow(w).fromDay));
  const id = project.id;
  const scope = scopeOf(accountId, accountIds);
  const eventScope = eventScopeOf(accountId, accountIds);
  // Breadth alone (health) reads one row per (account, feature), not one per user: the features' use per day still comes along.
  const perAccount = needs.accountFeatures && !needs.featureAdoption;
  const [answers, accountDays, activity, features, eventDays, accountEventDays, accountFeatures] = await Promise.all([
    needs.answers ? store.surveyAnswers(id, fromDay * DAY_MS, toDay * DAY_MS, accountIds && [...accountIds]) : undefined,
    // One account's days are few; every account's are many rows, where a read per window (summed in the store) is quicker.
    needs.accountDayTotals && accountId !== undefined ? store.accountDays(id, fromDay, toDay, scope) : undefined,
    needs.activity ? store.activityDays(id, activityFromDay, toDay, scope) : undefined,
    needs.featureAdoption ? store.featureDays(id, fromDay, toDay, scope) : perAccount ? [] : undefined,
    // A segment's breadth alone takes the names from its accounts' rows: no read of its use per day.
    needs.featureAdoption || (needs.accountFeatures && eventScope === undefined) ? store.featureEventDays(id, fromDay, toDay, eventScope) : undefined,
    needs.featureAdoption && accountId !== undefined ? store.featureEventDays(id, fromDay, toDay, [accountId]) : undefined,
    perAccount ? store.accountFeatureDays(id, fromDay, toDay, scope) : undefined,
  ]);
  accountDays?.sort((a, b) => a.day - b.day);
  return {
    windows, fromDay, toDay, activityFromDay, answers, accountDays, activity,
    features: features && eventDays && { features, eventDays, account: accountId === undefined ? undefined : { accountId, eventDays: accountEventDays! } },
    accountFeatures,
  };
}

/** The rows of a list sorted by `key` whose key is in [from, to) (binary search). */
function sliceSorted<T>(rows: readonly T[], key: (r: T) => number, from: number, to: number): T[] {
  const first = (bound: number) => {
    let lo = 0, hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(rows[mid]) < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return rows.slice(first(from), first(to));
}

/** `accountDayTotals` of a window from the span's account-days: Σ daily active users and the last activity, per account. */
function dayTotals(days: readonly AccountDayRow[], window: ReportWindow): AccountDayTotalRow[] {
  const totals = new Map<string, AccountDayTotalRow>();
  for (const d of sliceSorted(days, (r) => r.day, window.fromDay, window.toDay)) {
    const t = totals.get(d.accountId);
    if (!t) totals.set(d.accountId, { accountId: d.accountId, userDays: d.activeUsers, lastSeen: d.lastSeen });
    else {
      t.userDays += d.activeUsers;
      if (d.lastSeen > t.lastSeen) t.lastSeen = d.lastSeen;
    }
  }
  return [...totals.values()];
}

/** A span's windows by their days, and their activity counted together on first use. */
const spanActivities = new WeakMap<SpanRows, { windowAt: Map<string, number>; activity?: SpanActivity }>();

/** The window's activity among the span's windows, counted for all of them in one pass (undefined for a window that is not one of them). */
function spanActivity(span: SpanRows, rows: readonly ActivityDaysRow[], window: ReportWindow): { activity: SpanActivity; at: number } | undefined {
  let held = spanActivities.get(span);
  if (!held) spanActivities.set(span, (held = { windowAt: new Map(span.windows.map((w, i) => [`${w.fromDay}:${w.toDay}`, i])) }));
  const at = held.windowAt.get(`${window.fromDay}:${window.toDay}`);
  if (at === undefined) return undefined;
  held.activity ??= activitySummariesIn(rows, span.windows.map((w) => ({ previousFromDay: previousWindow(w).fromDay, fromDay: w.fromDay, toDay: w.toDay })));
  return { activity: held.activity, at };
}

/** What a window's inputs take from a span that holds it (undefined: read from the store). */
function fromSpan(span: SpanRows | undefined, window: ReportWindow, needs: InputNeeds) {
  if (!span || window.fromDay < span.fromDay || window.toDay > span.toDay) return {};
  const prev = previousWindow(window);
  const activity = span.activity && prev.fromDay >= span.activityFromDay ? spanActivity(span, span.activity, window) : undefined;
  const accountFeatures = !needs.accountFeatures ? undefined
    : span.accountFeatures ? accountFeaturesOf(span.accountFeatures, window.fromDay, window.toDay)
      : span.features ? accountFeaturesIn(span.features, window.fromDay, window.toDay) : undefined;
  return {
    answers: span.answers && needs.answers ? sliceSorted(span.answers, (a) => a.timestamp, window.from, window.to) : undefined,
    accountDayTotals: span.accountDays && needs.accountDayTotals ? dayTotals(span.accountDays, window) : undefined,
    activity: !span.activity || !needs.activity || prev.fromDay < span.activityFromDay ? undefined
      : activity ? activity.activity.at(activity.at) : activitySummaryIn(span.activity, prev.fromDay, window.fromDay, window.toDay),
    userDays: needs.userDays && !needs.accountDayTotals && activity ? activity.activity.userDaysAt(activity.at) : undefined,
    featureAdoption: needs.featureAdoption ? (span.features && !span.accountFeatures ? featureAdoptionIn(span.features, window.fromDay, window.toDay) : undefined)
      : !needs.accountFeatures ? undefined
        : span.features ? { users: [], eventTotals: eventTotalsIn(span.features.eventDays, window.fromDay, window.toDay, null), accountTotals: [] }
          : span.accountFeatures ? NO_FEATURES : undefined,
    accountFeatures,
    featureNames: needs.accountFeatures && !needs.featureAdoption && !span.features && accountFeatures ? namesOf(accountFeatures.values()) : undefined,
  };
}

/** The union of lists of names (accounts', users'; many share one array), sorted. */
function namesOf(lists: Iterable<readonly string[]>): string[] {
  const names = new Set<string>();
  const seen = new Set<readonly string[]>();
  for (const list of lists) {
    if (seen.has(list)) continue;
    seen.add(list);
    for (const name of list) names.add(name);
  }
  return [...names].sort();
}

/**
 * Reads the rollups a report needs for one project and window; with `accountId`, the per-account
 * reads that support it return that account's rows only (the account page); with `accountIds` (a
 * segment), only those accounts' rows, as if the project held nothing else: the store counts
 * distinct users, use per name and response pairs over those accounts alone.
 * @example const inputs = await loadReportInputs(store, project, window, ALL_INPUTS)
 */
export async function loadReportInputs(
  store: Store, project: ProjectConfig, window: ReportWindow, needs: InputNeeds, accountId?: string, accountIds?: ReadonlySet<string>, span?: SpanRows,
): Promise<ReportInputs> {
  const derived = fromSpan(span, window, needs);
  const id = project.id;
  const prev = previousWindow(window);
  const activationEvents = project.activation.events;
  const scope = scopeOf(accountId, accountIds);
  // Breadth alone (health: churn's previous window) reads one row per (account, feature), not one per user.
  const names = !derived.featureAdoption && needs.accountFeatures && !needs.featureAdoption ? namesOfAccounts(store, id, window, scope, eventScopeOf(accountId, accountIds)) : undefined;
  // Who used which feature without each name's use (then the names come from the members' lists).
  const membersOnly = !derived.featureAdoption && !names && needs.featureAdoption && !needs.featureUse;
  // Feature adoption first: a store may send part of it elsewhere before it reads (the SQLite store
  // sends a segment's use per name to its reader thread). Then the reads answered with a row per
  // account: the SQLite store makes them on its reader thread while the reads with a row per user run
  // here (and helps with what is left once those are done).
  const [featureAdoption, activity, accountDayTotals, sessions, firstEvents, responsePairs, accountSurveyPairs, planChanges, accounts, userDetail, accountDays, answers] = await Promise.all([
    derived.featureAdoption ?? names?.then((n) => n.featureAdoption)
      ?? (needs.featureAdoption ? store.featureAdoption(id, window.fromDay, window.toDay, scope, membersOnly ? [] : undefined) : NO_FEATURES),
    derived.activity ?? (needs.activity ? store.activitySummary(id, prev.fromDay, window.fromDay, window.toDay, scope) : NO_ACTIVITY),
    derived.accountDayTotals ?? (needs.accountDayTotals || (needs.userDays && !derived.userDays) ? store.accountDayTotals(id, window.fromDay, window.toDay, scope) : []),
    needs.sessions ? store.sessionTotals(id, window.fromDay, window.toDay, scope) : [],
    needs.firstActivation && activationEvents.length > 0 ? store.firstEvents(id, activationEvents) : [],
    needs.responsePairs ? store.surveyResponsePairs(id, window.from, window.to, accountIds && [...accountIds]) : [],
    needs.accountSurveyPairs ? store.accountSurveyPairs(id, window.from, window.to) : [],
    needs.planChanges ? store.planChanges(id, window.from, window.to) : [],
    store.listAccounts(id),
    needs.userDetail ? store.userActivity(id, window.fromDay, window.toDay, scope) : [],
    needs.accountDays ? store.accountDays(id, window.fromDay, window.toDay, scope) : [],
    derived.answers ?? (needs.answers ? store.surveyAnswers(id, window.from, window.to, accountIds && [...accountIds]) : []),
  ]);
  // What the store reads over every account is kept to the segment's here (one row per account or plan change: cheap).
  const keep = <T extends { accountId: string | null }>(rows: T[]): T[] => (accountIds ? kept(rows, accountIds) : rows);
  const firstActivation = new Map<string, number>();
  for (const row of keep(firstEvents)) {
    const held = firstActivation.get(row.accountId);
    if (held === undefined || row.firstTs < held) firstActivation.set(row.accountId, row.firstTs);
  }
  const accountFeatures = derived.accountFeatures ?? (await names)?.accountFeatures ?? (needs.accountFeatures ? namesPerAccount(featureAdoption) : new Map<string, readonly string[]>());
  const userDays = derived.userDays ?? new Map(accountDayTotals.map((t) => [t.accountId, t.userDays]));
  const featureNames = derived.featureNames ?? (await names)?.featureNames
    ?? (membersOnly ? namesOf(featureAdoption.users.map((u) => u.events)) : featureAdoption.eventTotals.map((t) => t.event));
  return {
    project, window, userDays, featureNames,
    accounts: new Map(accounts.filter((a) => !accountIds || accountIds.has(a.accountId)).map((a) => [a.accountId, a])),
    activity, accountDayTotals, userDetail, accountDays, featureAdoption, accountFeatures, sessions, firstActivation,
    planChanges: keep(planChanges), answers, responsePairs, accountSurveyPairs: keep(accountSurveyPairs),
  };
}

/**
 * A window's feature names per account from the per-account rollup, and the names the catalog reads
 * (no members): everyone's use per name, or for a segment the union of its accounts' names.
 */
async function namesOfAccounts(store: Store, id: string, window: ReportWindow, scope: AccountScope | undefined, eventScope: readonly string[] | undefined) {
  const [rows, eventDays] = await Promise.all([
    store.accountFeatureDays(id, window.fromDay, window.toDay, scope),
    eventScope === undefined ? store.featureEventDays(id, window.fromDay, window.toDay) : undefined,
  ]);
  const accountFeatures = accountFeaturesOf(rows, window.fromDay, window.toDay);
  const featureAdoption: FeatureAdoption = { users: [], eventTotals: eventDays ? eventTotalsIn(eventDays, window.fromDay, window.toDay, null) : [], accountTotals: [] };
  return { featureAdoption, accountFeatures, featureNames: eventDays ? undefined : namesOf(accountFeatures.values()) };
}

/** Per account, the union of its users' feature names, sorted. */
function namesPerAccount(adoption: FeatureAdoption): Map<string, readonly string[]> {
  const names = new Map<string, Set<string>>();
  for (const u of adoption.users) {
    if (u.accountId === null) continue;
    let set = names.get(u.accountId);
    if (!set) names.set(u.accountId, (set = new Set()));
    for (const e of u.events) set.add(e);
  }
  return new Map([...names].map(([id, set]) => [id, [...set].sort()]));
}

