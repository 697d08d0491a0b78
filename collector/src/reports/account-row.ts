// One row of the accounts report (SPEC §6): every per-account metric, from the report index.
import {
  avgSessionMinutes, breadth, depth, referralRate, seatUtilization, sessionsPerUserPerWeek, stickiness,
} from './adoption-metrics.js';
import { health, healthParts, risks, type HealthParts, type Risk } from './health-metrics.js';
import { timeToValueHours } from './lifecycle-metrics.js';
import type { ReportIndex } from './report-index.js';
import { csatSummary, npsSummary } from './satisfaction-metrics.js';
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

/**
 * Computes the row of one account (an inactive but known account gets a row of zeros and nulls).
 * @example accountRow(index, 'acme').health
 */
export function accountRow(index: ReportIndex, accountId: string): AccountRow {
  const { inputs, catalog } = index;
  const { project, window } = inputs;
  const record = inputs.accounts.get(accountId);
  const activeUsers = index.activeUsersByAccount.get(accountId) ?? 0;

  const used = index.featuresByAccount.get(accountId);
  let coreAdopted = 0;
  if (used) for (const f of catalog.features) if (f.core && used.has(f.key)) coreAdopted++;

  const answers = index.answersByAccount.get(accountId) ?? [];
  const nps = npsSummary(answers.filter((a) => a.kind === 'nps').map((a) => a.score));
  const csat = csatSummary(answers.filter((a) => a.kind === 'csat').map((a) => a.score));
  const seats = record?.seats ?? null;
  const metrics = {
    breadth: breadth(coreAdopted, catalog.coreSize),
    seatUtilization: seatUtilization(activeUsers, seats),
    stickiness: stickiness(index.dauSumByAccount.get(accountId) ?? 0, activeUsers, window.days),
    nps: nps.score,
  };
  const parts = healthParts(metrics);
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
    health: health(parts, project.healthWeights),
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
