// Pure: derives a window's feature adoption (membership per user, usage per name) from
// per-(user, account, name) usage rows, for a Store without dedicated adoption rollups.
import type { FeatureAdoption, FeatureTotalRow, FeatureUsageRow } from './store.js';

/**
 * Folds `featureUsage` rows into `featureAdoption`'s answer, optionally for one account.
 * @example featureAdoptionOf(await store.featureUsage(p, from, to), 'acme').totals
 */
export function featureAdoptionOf(rows: FeatureUsageRow[], accountId?: string): FeatureAdoption {
  const eventTotals = new Map<string, FeatureTotalRow>();
  const accountTotals = new Map<string, FeatureTotalRow>();
  const pairs = new Map<string, { userKey: string; accountId: string | null; events: Set<string> }>();
  for (const r of rows) {
    add(eventTotals, null, r);
    if (accountId !== undefined && r.accountId !== accountId) continue;
    const key = `${r.accountId ?? ''}\u0000${r.userKey}`;
    const pair = pairs.get(key);
    if (pair) pair.events.add(r.event);
    else pairs.set(key, { userKey: r.userKey, accountId: r.accountId, events: new Set([r.event]) });
    if (accountId !== undefined) add(accountTotals, accountId, r);
  }
  const users = [...pairs.values()].map((p) => ({ userKey: p.userKey, accountId: p.accountId, events: [...p.events].sort() }));
  return { users, eventTotals: [...eventTotals.values()], accountTotals: [...accountTotals.values()] };
}

function add(totals: Map<string, FeatureTotalRow>, accountId: string | null, r: FeatureUsageRow): void {
  const t = totals.get(r.event);
  if (!t) totals.set(r.event, { accountId, event: r.event, count: r.count, firstUsed: r.firstUsed, lastUsed: r.lastUsed });
  else {
    t.count += r.count;
    t.firstUsed = Math.min(t.firstUsed, r.firstUsed);
    t.lastUsed = Math.max(t.lastUsed, r.lastUsed);
  }
}

/**
 * `featureAdoption`'s answer with the use per name of the listed names only (all without a list): for
 * a store that reads every name's use anyway.
 * @example usesOfNames(adoption, []).eventTotals // []
 */
export function usesOfNames(adoption: FeatureAdoption, names?: readonly string[]): FeatureAdoption {
  if (names === undefined) return adoption;
  const named = new Set(names);
  return { users: adoption.users, eventTotals: adoption.eventTotals.filter((t) => named.has(t.event)), accountTotals: adoption.accountTotals.filter((t) => named.has(t.event)) };
}
