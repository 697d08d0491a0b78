// Pure: a window's rollup reads derived from the span reads of a span that holds it (activityDays,
// featureDays, accountFeatureDays, featureEventDays), giving exactly what `activitySummary` and
// `featureAdoption` answer for that window, so a report over many windows (trends, history) reads the store once.
import { anyDayIn, type DayBitmap } from './day-bitmap.js';
import type { AccountActivityRow, AccountFeatureDaysRow, ActivityDaysRow, ActivitySummary, FeatureAdoption, FeatureDaysRow, FeatureEventDayRow, FeatureTotalRow, FeatureUserRow } from './store.js';

/**
 * True when the days hold one of [fromDay, toDay); a bitmap's first and last days are active days.
 * @example activeIn(dayBitmap([10, 20]), 15, 21) // true
 */
export function activeIn(days: DayBitmap, fromDay: number, toDay: number): boolean {
  if (days.firstDay >= toDay || days.lastDay < fromDay) return false;
  if (days.firstDay >= fromDay || days.lastDay < toDay) return true;
  return anyDayIn(days.bits, days.firstDay, fromDay, toDay);
}

/** A span's activity rows with their users and accounts numbered once, so each window counts with arrays. */
export interface NumberedActivity {
  user: Int32Array;
  /** Account number, −1 for none. */
  account: Int32Array;
  accountIds: string[];
  userCount: number;
}

const numbered = new WeakMap<readonly ActivityDaysRow[], NumberedActivity>();

export function numberActivity(rows: readonly ActivityDaysRow[]): NumberedActivity {
  const held = numbered.get(rows);
  if (held) return held;
  const users = new Map<string, number>();
  const accounts = new Map<string, number>();
  const user = new Int32Array(rows.length);
  const account = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let u = users.get(r.userKey);
    if (u === undefined) users.set(r.userKey, (u = users.size));
    user[i] = u;
    if (r.accountId === null) account[i] = -1;
    else {
      let a = accounts.get(r.accountId);
      if (a === undefined) accounts.set(r.accountId, (a = accounts.size));
      account[i] = a;
    }
  }
  const result = { user, account, accountIds: [...accounts.keys()], userCount: users.size };
  numbered.set(rows, result);
  return result;
}

/**
 * `activitySummary(project, previousFromDay, fromDay, toDay)` from `activityDays` rows of a span
 * holding [previousFromDay, toDay) (one account's rows: that account's summary).
 * @example activitySummaryIn(await store.activityDays(p, from - 28, to), from - 7, from, to)
 */
export function activitySummaryIn(rows: readonly ActivityDaysRow[], previousFromDay: number, fromDay: number, toDay: number): ActivitySummary {
  const n = numberActivity(rows);
  const seen = new Uint8Array(n.userCount);
  const current = new Int32Array(n.accountIds.length);
  const previous = new Int32Array(n.accountIds.length);
  let activeUsers = 0;
  for (let i = 0; i < rows.length; i++) {
    const days = rows[i].days;
    if (days.firstDay >= toDay || days.lastDay < previousFromDay) continue;
    const now = activeIn(days, fromDay, toDay);
    if (now && seen[n.user[i]] === 0) {
      seen[n.user[i]] = 1;
      activeUsers++;
    }
    const a = n.account[i];
    if (a < 0) continue;
    if (now) current[a]++;
    if (activeIn(days, previousFromDay, fromDay)) previous[a]++;
  }
  const accounts: AccountActivityRow[] = [];
  for (let a = 0; a < n.accountIds.length; a++) {
    if (current[a] > 0 || previous[a] > 0) accounts.push({ accountId: n.accountIds[a], activeUsers: current[a], previousActiveUsers: previous[a] });
  }
  return { activeUsers, accounts };
}

// A span's feature use per day, in day order: sorted once, however many windows slice it.
const byDay = new WeakMap<readonly FeatureEventDayRow[], readonly FeatureEventDayRow[]>();

/** The rows of [fromDay, toDay), by binary search in the rows sorted by day. */
function daysBetween(days: readonly FeatureEventDayRow[], fromDay: number, toDay: number): readonly FeatureEventDayRow[] {
  let sorted = byDay.get(days);
  if (!sorted) byDay.set(days, (sorted = [...days].sort((a, b) => a.day - b.day)));
  const first = (bound: number) => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].day < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sorted.slice(first(fromDay), first(toDay));
}

/** Per name, the feature use of the days in [fromDay, toDay), sorted by name. */
export function eventTotalsIn(days: readonly FeatureEventDayRow[], fromDay: number, toDay: number, accountId: string | null): FeatureTotalRow[] {
  const totals = new Map<string, FeatureTotalRow>();
  for (const d of daysBetween(days, fromDay, toDay)) {
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

/** A list of names in a trie of lists: pairs (and windows) that used the same names share its array. */
interface ListNode {
  list: readonly string[];
  next: Map<number, ListNode>;
}

/** A span's feature rows grouped once per (user, account) pair, each pair's rows in name order. */
interface PairRows {
  userKey: string;
  accountId: string | null;
  /** The account's number in `GroupedFeatures.accountIds`, −1 for none. */
  account: number;
  firstDay: number;
  lastDay: number;
  rows: { name: number; days: DayBitmap }[];
}

interface GroupedFeatures {
  names: string[];
  accountIds: string[];
  pairs: PairRows[];
  /** Per account (by index): the mask of every name its users used in the span (up to 31 names). */
  accountMasks: Int32Array;
  /** Lists by the bit mask of their names' indexes (up to 31 names), else by a trie. */
  byMask: Map<number, readonly string[]>;
  root: ListNode;
}

/** The sorted names a pair used in the window (undefined when none), up to 31 names in the span. */
function namesByMask(g: GroupedFeatures, pair: PairRows, fromDay: number, toDay: number): readonly string[] | undefined {
  return listOfMask(g, maskIn(pair, fromDay, toDay));
}

/** Bit i set: the pair used name i in the window. */
function maskIn(pair: PairRows, fromDay: number, toDay: number, known = 0): number {
  let mask = known;
  for (const r of pair.rows) {
    // A name the account already has in this window needs no test of this user's days.
    if (mask & (1 << r.name)) continue;
    const d = r.days;
    // activeIn, with its quick answers inlined (this runs for every row and window of a trend).
    if (d.firstDay >= toDay || d.lastDay < fromDay) continue;
    if (d.firstDay >= fromDay || d.lastDay < toDay || anyDayIn(d.bits, d.firstDay, fromDay, toDay)) mask |= 1 << r.name;
  }
  return mask;
}

function listOfMask(g: GroupedFeatures, mask: number): readonly string[] | undefined {
  if (mask === 0) return undefined;
  let list = g.byMask.get(mask);
  if (!list) g.byMask.set(mask, (list = g.names.filter((_, i) => mask & (1 << i))));
  return list;
}

/** The same for any number of names. */
function namesByTrie(g: GroupedFeatures, pair: PairRows, fromDay: number, toDay: number): readonly string[] | undefined {
  let node = g.root;
  for (const r of pair.rows) {
    if (!activeIn(r.days, fromDay, toDay)) continue;
    let next = node.next.get(r.name);
    if (!next) node.next.set(r.name, (next = { list: [...node.list, g.names[r.name]], next: new Map() }));
    node = next;
  }
  return node === g.root ? undefined : node.list;
}

// Grouping depends only on the rows: done once per span read, however many windows it answers.
const grouped = new WeakMap<readonly FeatureDaysRow[], GroupedFeatures>();

function groupFeatures(rows: readonly FeatureDaysRow[]): GroupedFeatures {
  const held = grouped.get(rows);
  if (held) return held;
  const names = [...new Set(rows.map((r) => r.event))].sort();
  const nameIndex = new Map(names.map((n, i) => [n, i]));
  const byPair = new Map<string, PairRows>();
  const accounts = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.accountId ?? ''}\u0000${r.userKey}`;
    let pair = byPair.get(key);
    if (!pair) {
      let account = -1;
      if (r.accountId !== null) {
        account = accounts.get(r.accountId) ?? accounts.size;
        accounts.set(r.accountId, account);
      }
      byPair.set(key, (pair = { userKey: r.userKey, accountId: r.accountId, account, firstDay: r.days.firstDay, lastDay: r.days.lastDay, rows: [] }));
    }
    pair.rows.push({ name: nameIndex.get(r.event)!, days: r.days });
    if (r.days.firstDay < pair.firstDay) pair.firstDay = r.days.firstDay;
    if (r.days.lastDay > pair.lastDay) pair.lastDay = r.days.lastDay;
  }
  const accountMasks = new Int32Array(accounts.size);
  for (const pair of byPair.values()) {
    pair.rows.sort((a, b) => a.name - b.name);
    if (pair.account >= 0 && names.length <= 31) for (const r of pair.rows) accountMasks[pair.account] |= 1 << r.name;
  }
  const result = { names, accountIds: [...accounts.keys()], pairs: [...byPair.values()], accountMasks, byMask: new Map(), root: { list: [], next: new Map() } };
  grouped.set(rows, result);
  return result;
}

/**
 * `featureAdoption(project, fromDay, toDay[, accountId])` from the span reads of a span holding the
 * window. Pairs that used the same names share one array, as the store's answer does.
 * @example featureAdoptionIn({ features, eventDays }, from, to)
 */
export function featureAdoptionIn(span: FeatureSpan, fromDay: number, toDay: number): FeatureAdoption {
  const g = groupFeatures(span.features);
  const users: FeatureUserRow[] = [];
  for (const pair of g.pairs) {
    if (pair.firstDay >= toDay || pair.lastDay < fromDay) continue;
    const events = g.names.length <= 31 ? namesByMask(g, pair, fromDay, toDay) : namesByTrie(g, pair, fromDay, toDay);
    if (events) users.push({ userKey: pair.userKey, accountId: pair.accountId, events });
  }
  const account = span.account;
  return {
    users,
    eventTotals: eventTotalsIn(span.eventDays, fromDay, toDay, null),
    accountTotals: account ? eventTotalsIn(account.eventDays, fromDay, toDay, account.accountId) : [],
  };
}

/**
 * Per account, the feature event names its users used in [fromDay, toDay), sorted: the union of its
 * pairs' names in `featureAdoption`'s answer (what breadth reads), without a row per user.
 * @example accountFeaturesIn({ features, eventDays }, from, to).get('acme') // ['Export', 'Share']
 */
export function accountFeaturesIn(span: FeatureSpan, fromDay: number, toDay: number): Map<string, readonly string[]> {
  const g = groupFeatures(span.features);
  const out = new Map<string, readonly string[]>();
  if (g.names.length <= 31) {
    // Masks OR-ed per account; accounts (and windows) with the same names share one list.
    const masks = new Int32Array(g.accountIds.length);
    for (const pair of g.pairs) {
      if (pair.account < 0 || pair.firstDay >= toDay || pair.lastDay < fromDay) continue;
      // Once the account has in this window every name it ever used, its other users change nothing.
      if (masks[pair.account] === g.accountMasks[pair.account]) continue;
      masks[pair.account] = maskIn(pair, fromDay, toDay, masks[pair.account]);
    }
    for (let a = 0; a < masks.length; a++) if (masks[a] !== 0) out.set(g.accountIds[a], listOfMask(g, masks[a])!);
    return out;
  }
  const byAccount = new Map<string, Set<string>>();
  for (const pair of g.pairs) {
    if (pair.accountId === null || pair.firstDay >= toDay || pair.lastDay < fromDay) continue;
    const events = namesByTrie(g, pair, fromDay, toDay);
    if (!events) continue;
    let names = byAccount.get(pair.accountId);
    if (!names) byAccount.set(pair.accountId, (names = new Set()));
    for (const e of events) names.add(e);
  }
  for (const [id, names] of byAccount) out.set(id, [...names].sort());
  return out;
}

/** A span's per-account rows grouped once: each account's (name, days) in name order. */
interface GroupedAccountFeatures {
  names: string[];
  accounts: { accountId: string; firstDay: number; lastDay: number; rows: { name: number; days: DayBitmap }[] }[];
  /** Lists by the bit mask (up to 31 names) or the joined indexes of their names: windows with the same names share one. */
  lists: Map<number | string, readonly string[]>;
}

const groupedAccounts = new WeakMap<readonly AccountFeatureDaysRow[], GroupedAccountFeatures>();

function groupAccountFeatures(rows: readonly AccountFeatureDaysRow[]): GroupedAccountFeatures {
  const held = groupedAccounts.get(rows);
  if (held) return held;
  const names = [...new Set(rows.map((r) => r.event))].sort();
  const nameIndex = new Map(names.map((n, i) => [n, i]));
  const byAccount = new Map<string, GroupedAccountFeatures['accounts'][number]>();
  for (const r of rows) {
    let a = byAccount.get(r.accountId);
    if (!a) byAccount.set(r.accountId, (a = { accountId: r.accountId, firstDay: r.days.firstDay, lastDay: r.days.lastDay, rows: [] }));
    a.rows.push({ name: nameIndex.get(r.event)!, days: r.days });
    if (r.days.firstDay < a.firstDay) a.firstDay = r.days.firstDay;
    if (r.days.lastDay > a.lastDay) a.lastDay = r.days.lastDay;
  }
  for (const a of byAccount.values()) a.rows.sort((x, y) => x.name - y.name);
  const result = { names, accounts: [...byAccount.values()], lists: new Map() };
  groupedAccounts.set(rows, result);
  return result;
}

/**
 * `accountFeaturesIn` from `accountFeatureDays` rows (one per account and name, its users' days
 * united) of a span holding [fromDay, toDay): per account, the names used in the window, sorted.
 * @example accountFeaturesOf(await store.accountFeatureDays(p, spanFrom, spanTo), from, to).get('acme') // ['Export', 'Share']
 */
export function accountFeaturesOf(rows: readonly AccountFeatureDaysRow[], fromDay: number, toDay: number): Map<string, readonly string[]> {
  const g = groupAccountFeatures(rows);
  const out = new Map<string, readonly string[]>();
  const small = g.names.length <= 31;
  for (const a of g.accounts) {
    if (a.firstDay >= toDay || a.lastDay < fromDay) continue;
    let mask = 0;
    const used: number[] = [];
    for (const r of a.rows) {
      if (!activeIn(r.days, fromDay, toDay)) continue;
      if (small) mask |= 1 << r.name;
      else used.push(r.name);
    }
    const key = small ? mask : used.join(',');
    if (key === 0 || key === '') continue;
    let list = g.lists.get(key);
    if (!list) g.lists.set(key, (list = small ? g.names.filter((_, i) => mask & (1 << i)) : used.map((i) => g.names[i])));
    out.set(a.accountId, list);
  }
  return out;
}
