// Pure: derives a window's feature adoption (membership per user, usage per name) from
// per-(user, account, name) usage rows, for a Store without dedicated adoption rollups.
import type { FeatureAdoption, FeatureSummary, FeatureTotalRow, FeatureUsageRow, FeatureUserRow } from './store.js';

/**
 * Folds `featureUsage` rows into `featureAdoption`'s answer, optionally for one account.
 * @example featureAdoptionOf(await store.featureUsage(p, from, to), 'acme').totals
 */
export function featureAdoptionOf(rows: FeatureUsageRow[], accountId?: string): FeatureAdoption {
  const eventTotals = new Map<string, FeatureTotalRow>();
  const accountTotals = new Map<string, FeatureTotalRow>();
  const users: FeatureAdoption['users'] = [];
  for (const r of rows) {
    add(eventTotals, null, r);
    if (accountId !== undefined && r.accountId !== accountId) continue;
    users.push({ userKey: r.userKey, accountId: r.accountId, event: r.event });
    if (accountId !== undefined) add(accountTotals, accountId, r);
  }
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
 * Counts feature membership rows (one per user, account and event name) per feature key: the
 * reference for `Store.featureSummary`, and its implementation for a Store without it in SQL.
 * @example featureSummaryOf(adoption.users, [['Invoice Sent', 'invoicing']], []).features
 */
export function featureSummaryOf(rows: FeatureUserRow[], featureOf: [event: string, key: string][], referralEvents: string[]): FeatureSummary {
  const keysOf = new Map<string, string[]>();
  for (const [event, key] of featureOf) keysOf.set(event, [...(keysOf.get(event) ?? []), key]);
  const referral = new Set(referralEvents);
  const pairs = new Map<string, { accountId: string | null; key: string; users: Set<string> }>();
  const features = new Map<string, { users: Set<string>; accounts: Set<string> }>();
  const userKeys = new Map<string, Set<string>>();
  const referrers = new Map<string | null, Set<string>>();
  const referrersTotal = new Set<string>();
  for (const r of rows) {
    if (referral.has(r.event)) {
      referrersTotal.add(r.userKey);
      referrers.set(r.accountId, (referrers.get(r.accountId) ?? new Set()).add(r.userKey));
    }
    for (const key of keysOf.get(r.event) ?? []) {
      const pairKey = `${r.accountId ?? ''}\u0000${key}`;
      let pair = pairs.get(pairKey);
      if (!pair) pairs.set(pairKey, (pair = { accountId: r.accountId, key, users: new Set<string>() }));
      pair.users.add(r.userKey);
      let f = features.get(key);
      if (!f) features.set(key, (f = { users: new Set<string>(), accounts: new Set<string>() }));
      f.users.add(r.userKey);
      if (r.accountId !== null) {
        f.accounts.add(r.accountId);
        const userKey = `${r.accountId}\u0000${r.userKey}`;
        userKeys.set(userKey, (userKeys.get(userKey) ?? new Set()).add(key));
      }
    }
  }
  const depth = new Map<string, number>();
  for (const [userKey, keys] of userKeys) {
    const accountId = userKey.slice(0, userKey.indexOf('\u0000'));
    depth.set(accountId, (depth.get(accountId) ?? 0) + keys.size);
  }
  return {
    accountFeatures: [...pairs.values()].map((p) => ({ accountId: p.accountId, key: p.key, users: p.users.size })),
    features: [...features].map(([key, f]) => ({ key, users: f.users.size, accounts: f.accounts.size })),
    depth: [...depth].map(([accountId, userFeatures]) => ({ accountId, userFeatures })),
    referrers: [...referrers].map(([accountId, users]) => ({ accountId, users: users.size })),
    referrersTotal: referrersTotal.size,
  };
}
