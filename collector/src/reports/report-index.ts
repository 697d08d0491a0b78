// One pass over each rollup list of a report's inputs, into Maps keyed by account, user and
// feature, so every metric is then a lookup (no N² loops on millions of events).
import type { FeatureTotalRow } from '../storage/store.js';
import { featureSummaryOf } from '../storage/feature-adoption.js';
import type { FeatureCatalog } from './feature-catalog.js';
import type { ReportInputs } from './report-inputs.js';
import { countedAnswers, type CountedAnswer, type SurveyKind } from './satisfaction-metrics.js';

/** Usage of one feature by one account, or by everyone. */
export interface FeatureStats {
  /** Distinct users who used it. */
  users: number;
  events: number;
  firstUsed: number;
  lastUsed: number;
}

export interface ReportIndex {
  inputs: ReportInputs;
  catalog: FeatureCatalog;
  /** Every active user (userId, else anonymousId), attributed to an account or not. */
  activeUsers: Set<string>;
  /** Account → its active users (userKeys). */
  usersByAccount: Map<string, string[]>;
  previousActiveUsersByAccount: Map<string, number>;
  /** Account → time of its last activity event in the window. */
  lastSeenByAccount: Map<string, number>;
  /** Account → Σ over the window's days of its daily active users. */
  dauSumByAccount: Map<string, number>;
  /** Account → feature key → usage (events and first/last use only when the inputs are for one account). */
  featuresByAccount: Map<string, Map<string, FeatureStats>>;
  /** Account → Σ over its users of the distinct features each used (depth's numerator). */
  featureDepthByAccount: Map<string, number>;
  /** Account → user → distinct features used in that account (only when the inputs are for one account). */
  userFeatureCounts: Map<string, Map<string, number>>;
  /** Feature key → usage by everyone, plus how many accounts adopted it. */
  featureTotals: Map<string, FeatureStats & { accounts: number }>;
  /** Users with a referral event, per account and overall. */
  referrersByAccount: Map<string, number>;
  referrers: number;
  sessionsByAccount: Map<string, { sessions: number; totalMs: number }>;
  sessionTotals: { sessions: number; totalMs: number };
  /** Counted answers (latest per user and survey), every survey. */
  answers: CountedAnswer[];
  answersByAccount: Map<string, CountedAnswer[]>;
  surveyKinds: Map<string, SurveyKind>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const emptyStats = (): FeatureStats => ({ users: 0, events: 0, firstUsed: Infinity, lastUsed: -Infinity });

function addUsage(stats: FeatureStats, usage: FeatureTotalRow): void {
  stats.events += usage.count;
  if (usage.firstUsed < stats.firstUsed) stats.firstUsed = usage.firstUsed;
  if (usage.lastUsed > stats.lastUsed) stats.lastUsed = usage.lastUsed;
}

/** Feature use per account and key, from storage's counts (every account) or from one account's rows. */
function indexFeatures(inputs: ReportInputs, catalog: FeatureCatalog) {
  const { featureAdoption, project } = inputs;
  const summary = inputs.featureSummary ?? featureSummaryOf(featureAdoption.users, featureOf(catalog, featureAdoption.eventTotals), project.referral.events);
  const featuresByAccount = new Map<string, Map<string, FeatureStats>>();
  for (const r of summary.accountFeatures) {
    if (r.accountId === null) continue;
    let byFeature = featuresByAccount.get(r.accountId);
    if (!byFeature) featuresByAccount.set(r.accountId, (byFeature = new Map()));
    byFeature.set(r.key, { ...emptyStats(), users: r.users });
  }
  const featureTotals = new Map<string, FeatureStats & { accounts: number }>();
  for (const r of summary.features) featureTotals.set(r.key, { ...emptyStats(), users: r.users, accounts: r.accounts });
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
  // Distinct features per user: the account page's users table (its rows are one account's).
  const userKeys = new Map<string, Map<string, Set<string>>>();
  for (const row of featureAdoption.users) {
    if (row.accountId === null) continue;
    let byUser = userKeys.get(row.accountId);
    if (!byUser) userKeys.set(row.accountId, (byUser = new Map()));
    let keys = byUser.get(row.userKey);
    if (!keys) byUser.set(row.userKey, (keys = new Set()));
    for (const feature of catalog.featuresOfEvent(row.event)) keys.add(feature.key);
  }
  const userFeatureCounts = new Map([...userKeys].map(([accountId, users]) => [accountId, new Map([...users].map(([u, keys]) => [u, keys.size]))]));
  const referrersByAccount = new Map<string, number>();
  for (const r of summary.referrers) if (r.accountId !== null) referrersByAccount.set(r.accountId, r.users);
  return {
    featuresByAccount, featureTotals, userFeatureCounts, referrersByAccount, referrers: summary.referrersTotal,
    featureDepthByAccount: new Map(summary.depth.map((d) => [d.accountId, d.userFeatures])),
  };
}

/** Every (event, feature key) pair of the catalog for the event names seen. */
function featureOf(catalog: FeatureCatalog, totals: FeatureTotalRow[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const t of totals) for (const f of catalog.featuresOfEvent(t.event)) pairs.push([t.event, f.key]);
  return pairs;
}

/**
 * Indexes a report's inputs.
 * @example const index = buildReportIndex(await loadReportInputs(store, project, window, ALL_INPUTS))
 */
export function buildReportIndex(inputs: ReportInputs): ReportIndex {
  const { project, catalog } = inputs;
  const activeUsers = new Set<string>();
  const usersByAccount = new Map<string, string[]>();
  const previousActiveUsersByAccount = new Map<string, number>();
  for (const row of inputs.pairs) {
    if (row.current) {
      activeUsers.add(row.userKey);
      if (row.accountId !== null) push(usersByAccount, row.accountId, row.userKey);
    }
    if (row.previous && row.accountId !== null) previousActiveUsersByAccount.set(row.accountId, (previousActiveUsersByAccount.get(row.accountId) ?? 0) + 1);
  }
  const dauSumByAccount = new Map<string, number>();
  const lastSeenByAccount = new Map<string, number>();
  for (const row of inputs.accountDays) {
    dauSumByAccount.set(row.accountId, (dauSumByAccount.get(row.accountId) ?? 0) + row.activeUsers);
    if (row.lastSeen > (lastSeenByAccount.get(row.accountId) ?? -Infinity)) lastSeenByAccount.set(row.accountId, row.lastSeen);
  }
  const features = indexFeatures(inputs, catalog);

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
  const answers = countedAnswers(inputs.surveyRows, surveyKinds);
  const answersByAccount = new Map<string, CountedAnswer[]>();
  for (const a of answers) if (a.accountId !== null) push(answersByAccount, a.accountId, a);

  return {
    inputs, catalog, activeUsers, usersByAccount, previousActiveUsersByAccount, lastSeenByAccount, dauSumByAccount, ...features,
    sessionsByAccount, sessionTotals, answers, answersByAccount, surveyKinds,
  };
}
