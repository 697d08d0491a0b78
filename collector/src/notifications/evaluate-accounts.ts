// `account.at_risk` and `account.health_dropped` (SPEC §11), from the accounts report: a risk an
// active account has now (30-day window ending today) and did not have at the previous evaluation;
// health now ≤ health of the window ending 7 days earlier − byAtLeast. What was seen is kept in the
// store with the notifications it caused, in one compare-and-set: concurrent collectors notify once.
import type { ProjectConfig } from '../config.js';
import { runReport } from '../reports/run-report.js';
import type { AccountRow } from '../reports/account-row.js';
import { DAY_MS, type NewNotification, type Store } from '../storage/store.js';
import { accountLink, outboxItem } from './envelope.js';

export const EVALUATION_STATE_KEY = 'accounts';

interface EvaluationState {
  at: number;
  /** Risks of each active account at that evaluation. */
  risks: Record<string, string[]>;
  /** Per `byAtLeast`: accounts whose health drop was already notified (until it recovers). */
  dropped: Record<string, string[]>;
}

export interface EvaluationResult {
  atRisk: number;
  healthDropped: number;
  /** Notifications queued (one per account and destination). */
  queued: number;
}

const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

const accountData = (row: AccountRow, newRisks?: string[]) => ({
  accountId: row.accountId, name: row.name, plan: row.plan, mrr: row.mrr, seats: row.seats, activeUsers: row.activeUsers,
  health: row.health, healthParts: row.healthParts, risks: row.risks, ...(newRisks ? { newRisks } : {}),
});

/**
 * Evaluates the account rules of one project now and queues what is new.
 * @example await evaluateAccounts(store, project, Date.now()) // { atRisk: 1, healthDropped: 0, queued: 2 }
 */
export async function evaluateAccounts(store: Store, project: ProjectConfig, now: number): Promise<EvaluationResult> {
  const rules = project.notifications?.rules ?? [];
  const atRiskRules = rules.filter((r) => r.on === 'account.at_risk');
  const dropRules = rules.filter((r) => r.on === 'account.health_dropped');
  if (atRiskRules.length === 0 && dropRules.length === 0) return { atRisk: 0, healthDropped: 0, queued: 0 };
  const dashboardUrl = project.notifications?.dashboardUrl;

  // Read the state first: if another collector saves meanwhile, our save fails and we queue nothing.
  const previousText = await store.getNotificationState(project.id, EVALUATION_STATE_KEY);
  const previous: EvaluationState | null = previousText ? JSON.parse(previousText) : null;
  const today = Math.floor(now / DAY_MS);
  const [{ accounts }, earlier] = await Promise.all([
    runReport(store, project, 'accounts', {}, now),
    dropRules.length > 0 ? runReport(store, project, 'accounts', { to: isoDay(today + 1 - 7) }, now) : null,
  ]);
  const healthBefore = new Map((earlier?.accounts ?? []).map((a) => [a.accountId, a.health]));

  const items: NewNotification[] = [];
  const next: EvaluationState = { at: now, risks: {}, dropped: {} };
  const occurredAt = new Date(now).toISOString();
  let atRisk = 0;
  let healthDropped = 0;
  for (const row of accounts) {
    next.risks[row.accountId] = row.risks;
    const known = new Set(previous?.risks[row.accountId] ?? []);
    const newRisks = row.risks.filter((r) => !known.has(r));
    if (atRiskRules.length > 0 && newRisks.length > 0) {
      atRisk++;
      const envelope = { type: 'account.at_risk' as const, project: project.id, occurredAt, data: { account: accountData(row, newRisks), link: accountLink(dashboardUrl, row.accountId) } };
      for (const d of new Set(atRiskRules.flatMap((r) => r.to))) items.push(outboxItem(envelope, `${row.accountId}@${now}`, d, now));
    }
  }
  for (const rule of dropRules) {
    if (rule.on !== 'account.health_dropped') continue;
    const key = String(rule.when.byAtLeast);
    const notified = new Set(previous?.dropped[key] ?? []);
    const stillDropped: string[] = [];
    for (const row of accounts) {
      const before = healthBefore.get(row.accountId) ?? null;
      if (row.health === null || before === null || row.health > before - rule.when.byAtLeast) continue;
      stillDropped.push(row.accountId);
      if (notified.has(row.accountId)) continue;
      healthDropped++;
      const envelope = {
        type: 'account.health_dropped' as const, project: project.id, occurredAt,
        data: { account: accountData(row), healthBefore: before, drop: before - row.health, byAtLeast: rule.when.byAtLeast, link: accountLink(dashboardUrl, row.accountId) },
      };
      for (const d of rule.to) items.push(outboxItem(envelope, `${row.accountId}@${now}@${key}`, d, now));
    }
    next.dropped[key] = stillDropped;
  }
  const saved = await store.saveNotificationState(project.id, EVALUATION_STATE_KEY, previousText, JSON.stringify(next), items);
  return saved ? { atRisk, healthDropped, queued: items.length } : { atRisk: 0, healthDropped: 0, queued: 0 };
}
