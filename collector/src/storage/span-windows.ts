// Pure: a window's rollup reads derived from the span reads of a span that holds it (activityDays,
// featureDays, featureEventDays), giving exactly what `activitySummary` and `featureAdoption` answer
// for that window, so a report over many windows (trends, history) reads the store once.
import { anyDayIn, type DayBitmap } from './day-bitmap.js';
import type { AccountActivityRow, ActivityDaysRow, ActivitySummary, FeatureAdoption, FeatureDaysRow, FeatureEventDayRow, FeatureTotalRow, FeatureUserRow } from './store.js';

/**
 * True when the days hold one of [fromDay, toDay); a bitmap's first and last days are active days.
 * @example activeIn(dayBitmap([10, 20]), 15, 21) // true
 */
export function activeIn(days: DayBitmap, fromDay: number, toDay: number): boolean {
  if (days.firstDay >= toDay || days.lastDay < fromDay) return false;
  if (days.firstDay >= fromDay || days.lastDay < toDay) return true;
  return anyDayIn(days.bits, days.firstDay, fromDay, toDay);
}

/**
 * `activitySummary(project, previousFromDay, fromDay, toDay)` from `activityDays` rows of a span
 * holding [previousFromDay, toDay) (one account's rows: that account's summary).
 * @example activitySummaryIn(await store.activityDays(p, from - 28, to), from - 7, from, to)
 */
export function activitySummaryIn(rows: readonly ActivityDaysRow[], previousFromDay: number, fromDay: number, toDay: number): ActivitySummary {
  const users = new Set<string>();
  const accounts = new Map<string, AccountActivityRow>();
  for (const r of rows) {
    const current = activeIn(r.days, fromDay, toDay);
    if (current) users.add(r.userKey);
    if (r.accountId === null) continue;
    const previous = activeIn(r.days, previousFromDay, fromDay);
    if (!current && !previous) continue;
    let a = accounts.get(r.accountId);
    if (!a) accounts.set(r.accountId, (a = { accountId: r.accountId, activeUsers: 0, previousActiveUsers: 0 }));
    if (current) a.activeUsers++;
    if (previous) a.previousActiveUsers++;
  }
  return { activeUsers: users.size, accounts: [...accounts.values()] };
}

/** Per name, the feature use of the days in [fromDay, toDay), sorted by name. */
export function eventTotalsIn(days: readonly FeatureEventDayRow[], fromDay: number, toDay: number, accountId: string | null): FeatureTotalRow[] {
  const totals = new Map<string, FeatureTotalRow>();
  for (const d of days) {
    if (d.day < fromDay || d.day >= toDay) continue;
    const t = totals.get(d.event);
    if (!t) totals.set(d.event, { accountId, event: d.event, count: d.count, firstUsed: d.firstUsed, lastUsed: d.lastUsed });
    else {
      t.count += d.count;
      if (d.firstUsed < t.firstUsed) t.firstUsed = d.firstUsed;
      if (d.lastUsed > t.lastUsed) t.lastUsed = d.lastUsed;
    }
  }
  return [...totals.values()].sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
}

/** What `featureAdoptionIn` reads: a span's feature rows, its use per day over everyone, and with `account` one account's. */
export interface FeatureSpan {
  features: readonly FeatureDaysRow[];
  eventDays: readonly FeatureEventDayRow[];
  /** Set for a read of one account: `features` are its rows, `eventDays` its use per day. */
  account?: { accountId: string; eventDays: readonly FeatureEventDayRow[] };
}

/**
 * `featureAdoption(project, fromDay, toDay[, accountId])` from the span reads of a span holding the
 * window. Pairs that used the same names share one array, as the store's answer does.
 * @example featureAdoptionIn({ features, eventDays }, from, to)
 */
export function featureAdoptionIn(span: FeatureSpan, fromDay: number, toDay: number): FeatureAdoption {
  const pairs = new Map<string, { userKey: string; accountId: string | null; events: string[] }>();
  for (const r of span.features) {
    if (!activeIn(r.days, fromDay, toDay)) continue;
    const key = `${r.accountId ?? ''}\u0000${r.userKey}`;
    const pair = pairs.get(key);
    if (pair) pair.events.push(r.event);
    else pairs.set(key, { userKey: r.userKey, accountId: r.accountId, events: [r.event] });
  }
  const lists = new Map<string, readonly string[]>();
  const users: FeatureUserRow[] = [];
  for (const p of pairs.values()) {
    const sorted = p.events.sort();
    const listKey = sorted.join('\u0000');
    let events = lists.get(listKey);
    if (!events) lists.set(listKey, (events = sorted));
    users.push({ userKey: p.userKey, accountId: p.accountId, events });
  }
  const account = span.account;
  return {
    users,
    eventTotals: eventTotalsIn(span.eventDays, fromDay, toDay, null),
    accountTotals: account ? eventTotalsIn(account.eventDays, fromDay, toDay, account.accountId) : [],
  };
}
