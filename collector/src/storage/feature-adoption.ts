// Pure: derives a window's feature adoption (membership per user, usage per account) from
// per-(user, account, name) usage rows, for a Store without dedicated adoption rollups.
import type { FeatureAdoption, FeatureTotalRow, FeatureUsageRow } from './store.js';

/**
 * Folds `featureUsage` rows into `featureAdoption`'s answer, optionally for one account.
 * @example featureAdoptionOf(await store.featureUsage(p, from, to), 'acme').totals
 */
export function featureAdoptionOf(rows: FeatureUsageRow[], accountId?: string): FeatureAdoption {
  const events = new Set<string>();
  const totals = new Map<string, FeatureTotalRow>();
  const users: FeatureAdoption['users'] = [];
  for (const r of rows) {
    events.add(r.event);
    if (accountId !== undefined && r.accountId !== accountId) continue;
    users.push({ userKey: r.userKey, accountId: r.accountId, event: r.event });
    const key = `${r.accountId ?? ''}\u0000${r.event}`;
    const t = totals.get(key);
    if (!t) totals.set(key, { accountId: r.accountId, event: r.event, count: r.count, firstUsed: r.firstUsed, lastUsed: r.lastUsed });
    else {
      t.count += r.count;
      t.firstUsed = Math.min(t.firstUsed, r.firstUsed);
      t.lastUsed = Math.max(t.lastUsed, r.lastUsed);
    }
  }
  return { users, totals: [...totals.values()], events: [...events] };
}
