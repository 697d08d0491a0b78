// Revenue metrics of SPEC §6 (MRR, ARPA, ARPU, MRR at risk / churned, LTV, CAC, LTV:CAC) as pure
// functions of account rows.
import { ratio } from './adoption-metrics.js';

export interface RevenueSummary {
  mrr: number | null;
  arpa: number | null;
  arpu: number | null;
}

/**
 * MRR = Σ mrr of active accounts that have an mrr trait; ARPA = MRR / those accounts;
 * ARPU = MRR / the active users of those accounts. All null when no active account has an mrr trait.
 * @example revenue([{ mrr: 100, activeUsers: 2 }, { mrr: 300, activeUsers: 3 }, { mrr: null, activeUsers: 9 }]) // { mrr: 400, arpa: 200, arpu: 80 }
 */
export function revenue(activeAccounts: Iterable<{ mrr: number | null; activeUsers: number }>): RevenueSummary {
  let mrr = 0, accounts = 0, users = 0;
  for (const a of activeAccounts) {
    if (a.mrr === null) continue;
    mrr += a.mrr;
    accounts++;
    users += a.activeUsers;
  }
  if (accounts === 0) return { mrr: null, arpa: null, arpu: null };
  return { mrr, arpa: mrr / accounts, arpu: ratio(mrr, users) };
}

/**
 * Σ mrr of the chosen accounts (MRR at risk = Σ mrr of active accounts with at least one risk;
 * mrrChurned = Σ mrr of churned accounts). Null when no account of the population has an mrr trait
 * (the input is missing), else the sum over the chosen ones (0 when none is chosen).
 * @example mrrOf([{ mrr: 100, risky: true }, { mrr: 50, risky: false }], (a) => a.risky) // 100
 */
export function mrrOf<T extends { mrr: number | null }>(population: Iterable<T>, chosen: (account: T) => boolean): number | null {
  let sum = 0, known = false;
  for (const a of population) {
    if (a.mrr === null) continue;
    known = true;
    if (chosen(a)) sum += a.mrr;
  }
  return known ? sum : null;
}

/**
 * LTV = ARPA / monthly churn, where monthly churn = 1 − (1 − churnRate)^(30 / window days);
 * null when churnRate is null or 0.
 * @example ltv(100, 0.5, 30) // 200
 */
export function ltv(arpa: number | null, churnRate: number | null, windowDays: number): number | null {
  if (arpa === null || churnRate === null || churnRate === 0) return null;
  const monthlyChurn = 1 - (1 - churnRate) ** (30 / windowDays);
  return monthlyChurn > 0 ? arpa / monthlyChurn : null;
}

/**
 * CAC = monthlyAcquisitionSpend × window days / 30 / accounts first seen in the window;
 * null without spend or new accounts.
 * @example cac(12000, 30, 4) // 3000
 */
export function cac(monthlyAcquisitionSpend: number | null | undefined, windowDays: number, newAccounts: number): number | null {
  if (monthlyAcquisitionSpend === null || monthlyAcquisitionSpend === undefined || newAccounts <= 0) return null;
  return (monthlyAcquisitionSpend * windowDays) / 30 / newAccounts;
}

/**
 * LTV:CAC = LTV / CAC (null when either is null or CAC is 0).
 * @example ltvToCac(9000, 3000) // 3
 */
export function ltvToCac(ltvValue: number | null, cacValue: number | null): number | null {
  return ltvValue === null || cacValue === null || cacValue === 0 ? null : ltvValue / cacValue;
}
