// One pass over each rollup list of a report's inputs, into Maps keyed by account, user and
// feature, so every metric is then a lookup (no N² loops on millions of events).
import type { FeatureTotalRow } from '../storage/store.js';
import { buildFeatureCatalog, type FeatureCatalog } from './feature-catalog.js';
import type { ReportInputs } from './report-inputs.js';
import { countedAnswers, type CountedAnswer, type SurveyKind } from './satisfaction-metrics.js';

/** Usage of one feature by one account, or by everyone. */
export interface FeatureStats {
  users: Set<string>;
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
  /** Account → user → distinct feature keys used in that account. */
  userFeaturesByAccount: Map<string, Map<string, Set<string>>>;
  /** Feature key → usage by everyone, plus the accounts that adopted it. */
  featureTotals: Map<string, FeatureStats & { accounts: Set<string> }>;
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const emptyStats = (): FeatureStats => ({ users: new Set(), events: 0, firstUsed: Infinity, lastUsed: -Infinity });

function addUsage(stats: FeatureStats, usage: FeatureTotalRow): void {
  stats.events += usage.count;
  if (usage.firstUsed < stats.firstUsed) stats.firstUsed = usage.firstUsed;
  if (usage.lastUsed > stats.lastUsed) stats.lastUsed = usage.lastUsed;
}

/**
 * Indexes a report's inputs.
 * @example const index = buildReportIndex(await loadReportInputs(store, project, window, ALL_INPUTS))
 */
export function buildReportIndex(inputs: ReportInputs): ReportIndex {
  const { project } = inputs;
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

  const { featureAdoption } = inputs;
  const catalog = buildFeatureCatalog(project.features, featureAdoption.eventTotals.map((t) => t.event));
  const referralEvents = new Set(project.referral.events);
  const featuresByAccount = new Map<string, Map<string, FeatureStats>>();
  const userFeaturesByAccount = new Map<string, Map<string, Set<string>>>();
  const featureTotals = new Map<string, FeatureStats & { accounts: Set<string> }>();
  const referrersByAccount = new Map<string, Set<string>>();
  const referrers = new Set<string>();
  // Membership first (who used what), then the per-account counts and first/last use onto the same stats.
  for (const row of featureAdoption.users) {
    if (referralEvents.has(row.event)) {
      referrers.add(row.userKey);
      if (row.accountId !== null) {
        const set = referrersByAccount.get(row.accountId) ?? new Set<string>();
        set.add(row.userKey);
        referrersByAccount.set(row.accountId, set);
      }
    }
    for (const feature of catalog.featuresOfEvent(row.event)) {
      let total = featureTotals.get(feature.key);
      if (!total) featureTotals.set(feature.key, (total = { ...emptyStats(), accounts: new Set() }));
      total.users.add(row.userKey);
      if (row.accountId === null) continue;
      total.accounts.add(row.accountId);
      let byFeature = featuresByAccount.get(row.accountId);
      if (!byFeature) featuresByAccount.set(row.accountId, (byFeature = new Map()));
      let stats = byFeature.get(feature.key);
      if (!stats) byFeature.set(feature.key, (stats = emptyStats()));
      stats.users.add(row.userKey);
      let byUser = userFeaturesByAccount.get(row.accountId);
      if (!byUser) userFeaturesByAccount.set(row.accountId, (byUser = new Map()));
      let keys = byUser.get(row.userKey);
      if (!keys) byUser.set(row.userKey, (keys = new Set()));
      keys.add(feature.key);
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
  const answers = countedAnswers(inputs.surveyRows, surveyKinds);
  const answersByAccount = new Map<string, CountedAnswer[]>();
  for (const a of answers) if (a.accountId !== null) push(answersByAccount, a.accountId, a);

  return {
    inputs, catalog, activeUsers, usersByAccount, previousActiveUsersByAccount, lastSeenByAccount, dauSumByAccount, featuresByAccount,
    userFeaturesByAccount, featureTotals, referrersByAccount, referrers, sessionsByAccount, sessionTotals, answers,
    answersByAccount, surveyKinds,
  };
}
