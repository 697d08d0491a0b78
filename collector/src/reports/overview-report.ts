// GET /v1/reports/overview: the project's headline numbers over the window, top-level with SPEC §6's names.
import { avgSessionMinutes, referralRate, sessionsPerUserPerWeek } from './adoption-metrics.js';
import { activeAccountRows, type AccountRow } from './account-row.js';
import { featureRows, type FeatureRow } from './features-report.js';
import { healthDistribution, type HealthDistribution } from './health-metrics.js';
import { activationRate, churn, conversion } from './lifecycle-metrics.js';
import type { ReportIndex } from './report-index.js';
import { cac, ltv, ltvToCac, mrrOf, revenue } from './revenue-metrics.js';
import { responseRate, sumPairs, type CsatSummary, type NpsSummary } from './satisfaction-metrics.js';
import { revenueWeightedNpsOf, summaries } from './satisfaction-report.js';
import { isoTime } from './window.js';
import { defineReport } from './report-definition.js';
import { ALL_INPUTS } from './report-inputs.js';
import { metricTable } from './report-tables.js';

/** How many features `topFeatures` lists. */
export const TOP_FEATURES = 5;

export interface OverviewReport {
  from: string;
  to: string;
  activeAccounts: number;
  activeUsers: number;
  nps: NpsSummary;
  csat: CsatSummary;
  revenueWeightedNps: number | null;
  responseRate: number | null;
  /** Up to 5 features adopted by the most accounts (rows of the features report). */
  topFeatures: FeatureRow[];
  /** Active accounts per health bucket: healthy ≥ 70, neutral 40–70, atRisk < 40, unknown = no health. */
  healthDistribution: HealthDistribution;
  /** Accounts first seen in the window. */
  newAccounts: number;
  activationRate: number | null;
  /** How many accounts churned (a count); their ids are in `churnedAccountIds`. */
  churnedAccounts: number;
  churnedAccountIds: string[];
  churnRate: number | null;
  mrrChurned: number | null;
  conversionRate: number | null;
  mrrAtRisk: number | null;
  mrr: number | null;
  arpa: number | null;
  arpu: number | null;
  ltv: number | null;
  cac: number | null;
  ltvToCac: number | null;
  sessions: number;
  sessionsPerUserPerWeek: number | null;
  avgSessionMinutes: number | null;
  referralRate: number | null;
}

/**
 * Assembles the overview (the accounts' rows are computed once and reused for health and risk sums).
 * @example overviewReport(index).churnRate
 */
export function overviewReport(index: ReportIndex, rows: AccountRow[] = activeAccountRows(index)): OverviewReport {
  const { inputs } = index;
  const { window, project, accounts } = inputs;
  const days = window.days;

  const newAccountIds: string[] = [];
  for (const a of accounts.values()) if (a.firstSeen >= window.from && a.firstSeen < window.to) newAccountIds.push(a.accountId);

  const previouslyActive = new Set(index.previousActiveUsersByAccount.keys());
  const { churnedAccountIds, churnRate } = churn(previouslyActive, new Set(index.activeUsersByAccount.keys()));
  const churnedSet = new Set(churnedAccountIds);
  const previousRecords = [...previouslyActive].map((id) => ({ accountId: id, mrr: accounts.get(id)?.mrr ?? null }));

  const money = revenue(rows);
  const ltvValue = ltv(money.arpa, churnRate, days);
  const cacValue = cac(project.monthlyAcquisitionSpend, days, newAccountIds.length);
  const activeUsers = index.activeUsers;
  const { sessions, totalMs } = index.sessionTotals;

  return {
    from: isoTime(window.from)!, to: isoTime(window.to)!,
    activeAccounts: index.activeUsersByAccount.size,
    activeUsers,
    ...summaries(index.answers),
    revenueWeightedNps: revenueWeightedNpsOf(index.answers, accounts),
    responseRate: responseRate(sumPairs(inputs.responsePairs)),
    topFeatures: featureRows(index).filter((f) => f.accountsAdopted > 0).slice(0, TOP_FEATURES),
    healthDistribution: healthDistribution(rows.map((r) => r.health)),
    newAccounts: newAccountIds.length,
    activationRate: activationRate(newAccountIds, inputs.firstActivation, window, project.activation.events.length > 0),
    churnedAccounts: churnedAccountIds.length,
    churnedAccountIds,
    churnRate,
    mrrChurned: churnRate === null ? null : mrrOf(previousRecords, (a) => churnedSet.has(a.accountId)),
    conversionRate: conversion(inputs.planChanges, window, project.trialPlans).conversionRate,
    mrrAtRisk: mrrOf(rows, (r) => r.risks.length > 0),
    mrr: money.mrr,
    arpa: money.arpa,
    arpu: money.arpu,
    ltv: ltvValue,
    cac: cacValue,
    ltvToCac: ltvToCac(ltvValue, cacValue),
    sessions,
    sessionsPerUserPerWeek: sessionsPerUserPerWeek(sessions, activeUsers, days),
    avgSessionMinutes: avgSessionMinutes(sessions, totalMs),
    referralRate: referralRate(index.referrers.size, activeUsers, project.referral.events.length > 0),
  };
}

/** GET /v1/reports/overview; its main table is (metric, value). */
export const overviewDefinition = defineReport<OverviewReport>({
  name: 'overview',
  path: '/v1/reports/overview',
  inputs: ALL_INPUTS,
  build: ({ index }) => overviewReport(index),
  csv: metricTable,
});
