// One row of the accounts report (SPEC §6): every per-account metric, from the report index.
import {
  avgSessionMinutes, breadth, depth, referralRate, seatUtilization, sessionsPerUserPerWeek, stickiness,
} from './adoption-metrics.js';
import { health, healthParts, risks, type HealthParts, type Risk } from './health-metrics.js';
import { timeToValueHours } from './lifecycle-metrics.js';
import type { FeatureCatalog } from './feature-catalog.js';
import type { ReportIndex } from './report-index.js';
import { csatSummary, npsSummary, type NpsSummary } from './satisfaction-metrics.js';
import { isoTime } from './window.js';

export interface AccountRow {
  accountId: string;
  name: string | null;
  plan: string | null;
  seats: number | null;
  mrr: number | null;
  activeUsers: number;
  seatUtilization: number | null;
  breadth: number | null;
  depth: number | null;
  stickiness: number | null;
  timeToValueHours: number | null;
  nps: number | null;
  csat: number | null;
  /** The account's counted NPS and CSAT responses. */
  responses: number;
  health: number | null;
  healthParts: HealthParts;
  risks: Risk[];
  /** Last activity event of the account in the window (ISO), null when inactive. */
  lastSeen: string | null;
  sessions: number;
  sessionsPerUserPerWeek: number | null;
  avgSessionMinutes: number | null;
  referralRate: number | null;
}

/** What an account's health is made of in the window: its parts' inputs, the parts and the score. */
export interface AccountHealth {
  activeUsers: number;
  metrics: { breadth: number | null; seatUtilization: number | null; stickiness: number | null; nps: number | null };
  nps: NpsSummary;
  parts: HealthParts;
  health: number | null;
}

/**
 * One account's health and what it is made of (the row's columns; trends and history read it alone).
 * `used`: the feature keys the account adopted (default: from the index's members).
 * @example accountHealth(index, 'acme').health
 */
export function accountHealth(index: ReportIndex, accountId: string, used: { has(key: string): boolean } | undefined = index.featuresByAccount.get(accountId)): AccountHealth {
  const { inputs, catalog } = index;
  const record = inputs.accounts.get(accountId);
  const activeUsers = index.activeUsersByAccount.get(accountId) ?? 0;

  let coreAdopted = 0;
  if (used) for (const f of catalog.features) if (f.core && used.has(f.key)) coreAdopted++;

  const answers = index.answersByAccount.get(accountId) ?? [];
  const nps = npsSummary(answers.filter((a) => a.kind === 'nps').map((a) => a.score));
  const metrics = {
    breadth: breadth(coreAdopted, catalog.coreSize),
    seatUtilization: seatUtilization(activeUsers, record?.seats ?? null),
    stickiness: stickiness(index.dauSumByAccount.get(accountId) ?? 0, activeUsers, inputs.window.days),
    nps: nps.score,
  };
  const parts = healthParts(metrics);
  return { activeUsers, metrics, nps, parts, health: health(parts, inputs.project.healthWeights) };
}

// The keys of a list of names under a catalog: accounts and weeks with the same names share the list.
const keysOfList = new WeakMap<FeatureCatalog, WeakMap<readonly string[], ReadonlySet<string>>>();

/**
 * The feature keys an account adopted in the index's window: from its names when the index holds only
 * names per account (`accountFeatures`), else from its members.
 * @example accountHealth(index, 'acme', adoptedKeys(index, 'acme'))
 */
export function adoptedKeys(index: ReportIndex, accountId: string): { has(key: string): boolean } | undefined {
  const names = index.inputs.accountFeatures.get(accountId);
  if (names === undefined) return index.featuresByAccount.get(accountId);
  let lists = keysOfList.get(index.catalog);
  if (!lists) keysOfList.set(index.catalog, (lists = new WeakMap()));
  let keys = lists.get(names);
  if (!keys) lists.set(names, (keys = new Set(index.featureKeysOf(names))));
  return keys;
}

/**
 * Computes the row of one account (an inactive but known account gets a row of zeros and nulls).
 * @example accountRow(index, 'acme').health
 */
export function accountRow(index: ReportIndex, accountId: string): AccountRow {
  const { inputs } = index;
  const { project, window } = inputs;
  const record = inputs.accounts.get(accountId);
  const { activeUsers, metrics, nps, parts, health: score } = accountHealth(index, accountId);
  const answers = index.answersByAccount.get(accountId) ?? [];
  const csat = csatSummary(answers.filter((a) => a.kind === 'csat').map((a) => a.score));
  const seats = record?.seats ?? null;
  const firstActivation = inputs.firstActivation.get(accountId) ?? null;
  const sessions = index.sessionsByAccount.get(accountId) ?? { sessions: 0, totalMs: 0 };

  return {
    accountId,
    name: record?.name ?? null,
    plan: record?.plan ?? null,
    seats,
    mrr: record?.mrr ?? null,
    activeUsers,
    seatUtilization: metrics.seatUtilization,
    breadth: metrics.breadth,
    depth: depth(index.featureUseByAccount.get(accountId) ?? 0, activeUsers),
    stickiness: metrics.stickiness,
    timeToValueHours: record && project.activation.events.length > 0 ? timeToValueHours(record.firstSeen, record.createdAt, firstActivation) : null,
    nps: nps.score,
    csat: csat.score,
    responses: nps.responses + csat.responses,
    health: score,
    healthParts: parts,
    risks: risks({ ...metrics, activeUsers, previousActiveUsers: index.previousActiveUsersByAccount.get(accountId) ?? 0 }),
    lastSeen: activeUsers > 0 ? isoTime(index.lastSeenByAccount.get(accountId)) : null,
    sessions: sessions.sessions,
    sessionsPerUserPerWeek: sessionsPerUserPerWeek(sessions.sessions, activeUsers, window.days),
    avgSessionMinutes: avgSessionMinutes(sessions.sessions, sessions.totalMs),
    referralRate: referralRate(index.referrersByAccount.get(accountId)?.size ?? 0, activeUsers, project.referral.events.length > 0),
  };
}

/** Rows of every active account, sorted by accountId. */
export function activeAccountRows(index: ReportIndex): AccountRow[] {
  return [...index.activeUsersByAccount.keys()].sort().map((id) => accountRow(index, id));
}
