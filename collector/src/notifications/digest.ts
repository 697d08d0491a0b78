// The digest (SPEC §11): the last period (a day or a week of whole UTC days) against the one before,
// every number taken from the reports (`runReport`), so the digest and the dashboard agree.
import type { ProjectConfig } from '../config.js';
import { runReport } from '../reports/run-report.js';
import { DAY_MS } from '../storage/store.js';
import type { Store } from '../storage/store.js';
import { accountLink } from './envelope.js';
import type { Digest, Change } from './digest-render.js';

/** How many accounts and features the digest lists at most. */
const TOP = 5;

const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const change = (now: number | null, before: number | null): Change => ({ now, before, change: now === null || before === null ? null : now - before });

/**
 * Builds the digest of the period ending at UTC day `toDay` (exclusive).
 * @example const digest = await buildDigest(store, project, 'week', dayOf(Date.now()), Date.now())
 */
export async function buildDigest(store: Store, project: ProjectConfig, every: 'day' | 'week', toDay: number, now: number): Promise<Digest> {
  const days = every === 'day' ? 1 : 7;
  const current = { from: isoDay(toDay - days), to: isoDay(toDay) };
  const previous = { from: isoDay(toDay - 2 * days), to: isoDay(toDay - days) };
  const [overview, overviewBefore, accounts, accountsBefore, satisfaction, features, featuresBefore] = await Promise.all([
    runReport(store, project, 'overview', current, now),
    runReport(store, project, 'overview', previous, now),
    runReport(store, project, 'accounts', current, now),
    runReport(store, project, 'accounts', previous, now),
    runReport(store, project, 'satisfaction', current, now),
    runReport(store, project, 'features', current, now),
    runReport(store, project, 'features', previous, now),
  ]);
  const dashboardUrl = project.notifications?.dashboardUrl;
  const before = new Map(accountsBefore.accounts.map((a) => [a.accountId, a]));

  // Newly at risk: a risk now, none in the previous period (or not active then); most MRR first.
  const newlyAtRisk = accounts.accounts
    .filter((a) => a.risks.length > 0 && (before.get(a.accountId)?.risks.length ?? 0) === 0)
    .map((a) => ({ accountId: a.accountId, name: a.name, plan: a.plan, mrr: a.mrr, health: a.health, risks: a.risks, link: accountLink(dashboardUrl, a.accountId) }))
    .sort((a, b) => (b.mrr ?? -1) - (a.mrr ?? -1) || (a.accountId < b.accountId ? -1 : 1));

  const healthDrops = accounts.accounts
    .flatMap((a) => {
      const was = before.get(a.accountId)?.health ?? null;
      if (a.health === null || was === null || a.health >= was) return [];
      return [{ accountId: a.accountId, name: a.name, mrr: a.mrr, healthBefore: was, health: a.health, drop: was - a.health, link: accountLink(dashboardUrl, a.accountId) }];
    })
    .sort((a, b) => b.drop - a.drop || (a.accountId < b.accountId ? -1 : 1))
    .slice(0, TOP);

  // A feature nobody used in a period has no row there: its adoption is 0 (null without active accounts).
  const adoptionIn = (report: typeof features, key: string) => report.features.find((f) => f.key === key)?.accountAdoptionRate ?? (report.activeAccounts > 0 ? 0 : null);
  const names = new Map([...featuresBefore.features, ...features.features].map((f) => [f.key, f.name]));
  const featureMoves = [...names]
    .flatMap(([key, name]) => {
      const was = adoptionIn(featuresBefore, key);
      const is = adoptionIn(features, key);
      if (is === null || was === null || is === was) return [];
      return [{ key, name, adoptionBefore: was, adoption: is, change: is - was }];
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.key < b.key ? -1 : 1))
    .slice(0, TOP);

  return {
    project: project.id,
    projectName: project.name,
    every,
    period: current,
    previousPeriod: previous,
    activeAccounts: change(overview.activeAccounts, overviewBefore.activeAccounts),
    activeUsers: change(overview.activeUsers, overviewBefore.activeUsers),
    nps: change(overview.nps.score, overviewBefore.nps.score),
    csat: change(overview.csat.score, overviewBefore.csat.score),
    mrrAtRisk: overview.mrrAtRisk,
    newlyAtRisk,
    mrrNewlyAtRisk: newlyAtRisk.reduce((sum, a) => sum + (a.mrr ?? 0), 0),
    healthDrops,
    detractorComments: satisfaction.verbatims
      .filter((v) => v.kind === 'nps' && v.score <= 6)
      .map((v) => ({ accountId: v.accountId, accountName: v.accountName, userId: v.userId, score: v.score, comment: v.comment, timestamp: v.timestamp })),
    featureMoves,
    dashboardUrl: dashboardUrl ?? null,
  };
}
