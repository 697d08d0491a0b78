// One pass over each rollup list of a report's inputs, into Maps keyed by account, user and
// feature, so every metric is then a lookup (no N² loops on millions of events).
import type { FeatureTotalRow } from '../storage/store.js';
import { buildFeatureCatalog, type Feature, type FeatureCatalog } from './feature-catalog.js';
import type { ReportInputs } from './report-inputs.js';
import { countedAnswers, type CountedAnswer, type SurveyKind } from './satisfaction-metrics.js';

/** Usage of one feature by one account, or by everyone. */
export interface FeatureStats {
  /** Distinct users. */
  users: number;
  events: number;
  firstUsed: number;
  lastUsed: number;
}

export interface ReportIndex {
  inputs: ReportInputs;
  catalog: FeatureCatalog;
  /** Distinct active users (userId, else anonymousId), attributed to an account or not. */
  activeUsers: number;
  /** Account → its active users; only accounts active in the window. */
  activeUsersByAccount: Map<string, number>;
  previousActiveUsersByAccount: Map<string, number>;
  /** Account → time of its last activity event in the window. */
  lastSeenByAccount: Map<string, number>;
  /** Account → Σ over the window's days of its daily active users. */
  dauSumByAccount: Map<string, number>;
  /** Account → Σ over its users of the distinct features each used (depth's numerator). */
  featureUseByAccount: Map<string, number>;
  /** Account → feature key → usage (events and first/last use only when the inputs are for one account). */
  featuresByAccount: Map<string, Map<string, FeatureStats>>;
  /** The distinct feature keys a list of feature event names (a `FeatureUserRow`'s) counts for. */
  featureKeysOf(events: readonly string[]): readonly string[];
  /** Feature key → usage by everyone, plus the accounts that adopted it. */
  featureTotals: Map<string, FeatureTotals>;
  /** Users with a referral event, per account and overall. */
  referrersByAccount: Map<string, Set<string>>;
  referrers: Set<string>;
  sessionsByAccount: Map<string, { sessions: number; totalMs: number }>;
  sessionTotals: { sessions: number; totalMs: number };
  /** Counted answers (latest per user and survey), every survey. */
  answers: CountedAnswer[];
  answersByAccount: Map<string, CountedAnswer[]>;
  surveyKinds: Map<string, SurveyKind>;
}

/** Appends to the list under `key`, creating it. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface FeatureTotals extends FeatureStats {
  /** Accounts that adopted the feature. */
  accounts: number;
}

const emptyStats = (): FeatureStats => ({ users: 0, events: 0, firstUsed: Infinity, lastUsed: -Infinity });

/** The distinct features a list of feature event names counts for, and whether one is a referral event. */
interface EventListMeaning {
  features: Feature[];
  referral: boolean;
}

function meaningOf(events: readonly string[], catalog: FeatureCatalog, referralEvents: ReadonlySet<string>): EventListMeaning {
  const features = new Set<Feature>();
  let referral = false;
  for (const event of events) {
    if (referralEvents.has(event)) referral = true;
    for (const f of catalog.featuresOfEvent(event)) features.add(f);
  }
  return { features: [...features], referral };
}

function addUsage(stats: FeatureStats, usage: FeatureTotalRow): void {
  stats.events += usage.count;
  if (usage.firstUsed < stats.firstUsed) stats.firstUsed = usage.firstUsed;
  if (usage.lastUsed > stats.lastUsed) stats.lastUsed = usage.lastUsed;
}

/** A catalog and what each list of names means under it (keyed by the list: reads share lists). */
interface CatalogMemo {
  catalog: FeatureCatalog;
  meaning: WeakMap<readonly string[], EventListMeaning>;
}

// Per project config and set of names seen: the windows of a trend or a history mostly see the same
// names, so they share one catalog and the meanings of the (shared) lists. Bounded: cleared when large.
const catalogs = new WeakMap<ReportInputs['project'], Map<string, CatalogMemo>>();
const MAX_CATALOGS = 256;

function catalogOf(project: ReportInputs['project'], seen: readonly string[]): CatalogMemo {
  const names = [...new Set(seen)].sort();
  const key = names.join('\u0000');
  let memos = catalogs.get(project);
  if (!memos) catalogs.set(project, (memos = new Map()));
  let memo = memos.get(key);
  if (!memo) {
    if (memos.size >= MAX_CATALOGS) memos.clear();
    memos.set(key, (memo = { catalog: buildFeatureCatalog(project.features, names), meaning: new WeakMap() }));
  }
  return memo;
}

/**
 * Indexes a report's inputs.
 * @example const index = buildReportIndex(await loadReportInputs(store, project, window, ALL_INPUTS))
 */
export function buildReportIndex(inputs: ReportInputs): ReportIndex {
  const { project } = inputs;
  const activeUsersByAccount = new Map<string, number>();
  const previousActiveUsersByAccount = new Map<string, number>();
  const dauSumByAccount = inputs.userDays;
  const lastSeenByAccount = new Map<string, number>();
  for (const a of inputs.activity.accounts) {
    if (a.activeUsers > 0) activeUsersByAccount.set(a.accountId, a.activeUsers);
    if (a.previousActiveUsers > 0) previousActiveUsersByAccount.set(a.accountId, a.previousActiveUsers);
  }
  for (const a of inputs.accountDayTotals) lastSeenByAccount.set(a.accountId, a.lastSeen);

  const { featureAdoption } = inputs;
  const { catalog, meaning } = catalogOf(project, inputs.featureNames);
  const referralEvents = new Set(project.referral.events);
  const featuresByAccount = new Map<string, Map<string, FeatureStats>>();
  const featureTotals = new Map<string, FeatureTotals>();
  const referrersByAccount = new Map<string, Set<string>>();
  const referrers = new Set<string>();
  const featureUseByAccount = new Map<string, number>();
  const totalOf = (feature: Feature): FeatureTotals => {
    let total = featureTotals.get(feature.key);
    if (!total) featureTotals.set(feature.key, (total = { ...emptyStats(), accounts: 0 }));
    return total;
  };
  // What a list of names means (features, referral) is worked out once per distinct list: pairs share lists.
  // A user's features already counted in the distinct users per feature: the first pair's meaning, a
  // set once the user shows up in a second pair (another account, or none).
  const counted = new Map<string, EventListMeaning | Set<Feature>>();
  // Membership first (who used what), then the per-account counts and first/last use onto the same stats.
  for (const row of featureAdoption.users) {
    let m = meaning.get(row.events);
    if (!m) meaning.set(row.events, (m = meaningOf(row.events, catalog, referralEvents)));
    if (m.referral) {
      referrers.add(row.userKey);
      if (row.accountId !== null) {
        const set = referrersByAccount.get(row.accountId) ?? new Set<string>();
        set.add(row.userKey);
        referrersByAccount.set(row.accountId, set);
      }
    }
    if (m.features.length === 0) continue;
    const earlier = counted.get(row.userKey);
    if (earlier === undefined) {
      counted.set(row.userKey, m);
      for (const feature of m.features) totalOf(feature).users++;
    } else {
      let set = earlier;
      if (!(set instanceof Set)) counted.set(row.userKey, (set = new Set(set.features)));
      for (const feature of m.features) {
        if (set.has(feature)) continue;
        set.add(feature);
        totalOf(feature).users++;
      }
    }
    if (row.accountId === null) continue;
    let byFeature = featuresByAccount.get(row.accountId);
    if (!byFeature) featuresByAccount.set(row.accountId, (byFeature = new Map()));
    featureUseByAccount.set(row.accountId, (featureUseByAccount.get(row.accountId) ?? 0) + m.features.length);
    for (const feature of m.features) {
      const stats = byFeature.get(feature.key);
      // One row per (user, account): a count, not a set.
      if (stats) stats.users++;
      else {
        byFeature.set(feature.key, { ...emptyStats(), users: 1 });
        totalOf(feature).accounts++;
      }
    }
  }
  for (const t of featureAdoption.eventTotals) {
    for (const feature of catalog.featuresOfEvent(t.event)) {
      const total = featureTotals.get(feature.key);
      if (total) addUsage(total, t);
    }
  }
  // Per-account counts and first/last use come only with a read for one account (the account page).
  for (const t of featureAdoption.accountTotals) {
    for (const feature of catalog.featuresOfEvent(t.event)) {
      const stats = t.accountId === null ? undefined : featuresByAccount.get(t.accountId)?.get(feature.key);
      if (stats) addUsage(stats, t);
    }
  }

  const sessionsByAccount = new Map<string, { sessions: number; totalMs: number }>();
  const sessionTotals = { sessions: 0, totalMs: 0 };
  for (const row of inputs.sessions) {
    sessionTotals.sessions += row.sessions;
    sessionTotals.totalMs += row.totalMs;
    if (row.accountId === null) continue;
    const s = sessionsByAccount.get(row.accountId);
    if (s) {
      s.sessions += row.sessions;
      s.totalMs += row.totalMs;
    } else sessionsByAccount.set(row.accountId, { sessions: row.sessions, totalMs: row.totalMs });
  }

  const surveyKinds = new Map<string, SurveyKind>(project.surveys.map((s) => [s.id, s.kind]));
  const answers = countedAnswers(inputs.answers, surveyKinds);
  const answersByAccount = new Map<string, CountedAnswer[]>();
  for (const a of answers) if (a.accountId !== null) push(answersByAccount, a.accountId, a);

  return {
    inputs, catalog, activeUsers: inputs.activity.activeUsers, activeUsersByAccount, previousActiveUsersByAccount, lastSeenByAccount, dauSumByAccount,
    featureUseByAccount, featuresByAccount,
    featureKeysOf: (events) => (meaning.get(events) ?? meaningOf(events, catalog, referralEvents)).features.map((f) => f.key), featureTotals, referrersByAccount, referrers, sessionsByAccount, sessionTotals, answers,
    answersByAccount, surveyKinds,
  };
}
