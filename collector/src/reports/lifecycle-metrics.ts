// Account lifecycle metrics of SPEC §6 (time to value, activation, churn, conversion) as pure
// functions of account records, first-event rows and plan-change rows.
import type { PlanChangeRow } from '../storage/store.js';
import { ratio } from './adoption-metrics.js';

const HOUR_MS = 3_600_000;

/**
 * Time to value(A) = hours from the account's first stored event of any type, ever (or its createdAt
 * trait when earlier) to its first activation event, ever; null if none.
 * @example timeToValueHours(Date.parse('2026-01-01T10:00Z'), null, Date.parse('2026-01-02T12:00Z')) // 26
 */
export function timeToValueHours(firstSeen: number, createdAt: number | null, firstActivation: number | null): number | null {
  if (firstActivation === null) return null;
  const start = createdAt !== null && createdAt < firstSeen ? createdAt : firstSeen;
  return (firstActivation - start) / HOUR_MS;
}

/**
 * Activation rate = accounts first seen in the window that reached an activation event in it /
 * accounts first seen in the window; null without activation events in the config or new accounts.
 * @example activationRate(['a', 'b'], new Map([['a', t]]), w, true) // 0.5 when from ≤ t < to
 */
export function activationRate(
  newAccountIds: Iterable<string>,
  firstActivation: ReadonlyMap<string, number>,
  window: { from: number; to: number },
  activationConfigured: boolean,
): number | null {
  if (!activationConfigured) return null;
  let accounts = 0, activated = 0;
  for (const id of newAccountIds) {
    accounts++;
    const t = firstActivation.get(id);
    if (t !== undefined && t >= window.from && t < window.to) activated++;
  }
  return ratio(activated, accounts);
}

/**
 * Churned accounts: active in the previous window of equal length, not active in this one;
 * churnRate = churned / accounts active in the previous window.
 * @example churn(new Set(['a', 'b']), new Set(['b'])) // { churnedAccountIds: ['a'], churnRate: 0.5 }
 */
export function churn(previouslyActive: ReadonlySet<string>, active: ReadonlySet<string>): { churnedAccountIds: string[]; churnRate: number | null } {
  const churnedAccountIds = [...previouslyActive].filter((id) => !active.has(id)).sort();
  return { churnedAccountIds, churnRate: ratio(churnedAccountIds.length, previouslyActive.size) };
}

export interface ConversionResult {
  /** Accounts on a trial plan at the window's start or first seen on one in it. */
  trialAccountIds: string[];
  /** Of those, accounts whose plan moved from a trial plan to another plan in the window. */
  convertedAccountIds: string[];
  conversionRate: number | null;
}

/**
 * Conversion: accounts whose plan trait moved (through group calls in the window) from a plan in
 * trialPlans to any other plan / accounts on such a plan at the window's start or first seen on one in it.
 * "First seen on one in it" = the account had no plan before the window and its first plan in the window is a trial plan.
 * @example conversion([{ accountId: 'a', plan: 'trial', timestamp: 1 }, { accountId: 'a', plan: 'pro', timestamp: 5 }], { from: 2, to: 9 }, ['trial']).conversionRate // 1
 */
export function conversion(changes: readonly PlanChangeRow[], window: { from: number; to: number }, trialPlans: readonly string[]): ConversionResult {
  const trial = new Set(trialPlans);
  const byAccount = new Map<string, PlanChangeRow[]>();
  for (const c of changes) {
    if (c.timestamp >= window.to) continue;
    const list = byAccount.get(c.accountId);
    if (list) list.push(c);
    else byAccount.set(c.accountId, [c]);
  }
  const trialAccountIds: string[] = [];
  const convertedAccountIds: string[] = [];
  for (const [accountId, list] of byAccount) {
    // A stable sort keeps calls at the same millisecond in the order they were stored.
    list.sort((a, b) => a.timestamp - b.timestamp);
    let plan: string | null = null;
    let i = 0;
    for (; i < list.length && list[i].timestamp < window.from; i++) plan = list[i].plan;
    if (i === list.length) {
      if (plan !== null && trial.has(plan)) trialAccountIds.push(accountId);
      continue;
    }
    const eligible = plan === null ? trial.has(list[i].plan) : trial.has(plan);
    if (!eligible) continue;
    trialAccountIds.push(accountId);
    let converted = false;
    for (; i < list.length; i++) {
      if (plan !== null && trial.has(plan) && !trial.has(list[i].plan)) converted = true;
      plan = list[i].plan;
    }
    if (converted) convertedAccountIds.push(accountId);
  }
  trialAccountIds.sort();
  convertedAccountIds.sort();
  return { trialAccountIds, convertedAccountIds, conversionRate: ratio(convertedAccountIds.length, trialAccountIds.length) };
}
