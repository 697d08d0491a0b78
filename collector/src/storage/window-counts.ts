// Pure: the windows of a trend answered in one pass over each activity row's days instead of one pass
// per window. Each row's active days are counted at every window bound (the sorted distinct days where
// a window starts or ends): the row is active in [from, to) when the count at `to` exceeds the count at
// `from`, and the difference is its active days there, whose sum per account is the account's
// user-days (Σ of its daily active users, what stickiness reads). The answers equal activitySummaryIn's
// and the store's accountDayTotals' userDays window by window.
import type { DayBitmap } from './day-bitmap.js';
import { numberActivity } from './span-windows.js';
import type { AccountActivityRow, ActivityDaysRow, ActivitySummary } from './store.js';

/** A window of a list, with the start of its previous window of equal length (activity's). */
export interface CountedWindow {
  previousFromDay: number;
  fromDay: number;
  toDay: number;
}

/** The sorted distinct bound days of windows, and where each window's three bounds sit in that list. */
interface Bounds {
  days: Int32Array;
  /** Per window: index of previousFromDay, fromDay, toDay in `days`. */
  at: Int32Array;
}

function boundsOf(windows: readonly CountedWindow[]): Bounds {
  const days = Int32Array.from(new Set(windows.flatMap((w) => [w.previousFromDay, w.fromDay, w.toDay]))).sort();
  const index = new Map<number, number>();
  days.forEach((d, i) => index.set(d, i));
  const at = new Int32Array(windows.length * 3);
  windows.forEach((w, i) => {
    at[i * 3] = index.get(w.previousFromDay)!;
    at[i * 3 + 1] = index.get(w.fromDay)!;
    at[i * 3 + 2] = index.get(w.toDay)!;
  });
  return { days, at };
}

/** Set bits of each byte value. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, v) => {
  let n = 0;
  for (let b = v; b !== 0; b &= b - 1) n++;
  return n;
});

/**
 * Fills `counts[k]` with the number of the bitmap's days before `bounds[k]` (sorted ascending): a
 * running count of whole bytes, plus the bits of the bound's own byte below it.
 */
function countAtBounds(d: DayBitmap, bounds: Int32Array, counts: Int32Array): void {
  const { bits, firstDay } = d;
  const size = bits.length;
  let byte = 0, count = 0;
  for (let k = 0; k < bounds.length; k++) {
    const offset = bounds[k] - firstDay;
    if (offset <= 0) {
      counts[k] = 0;
      continue;
    }
    const target = offset >> 3;
    const end = target < size ? target : size;
    while (byte < end) count += POPCOUNT[bits[byte++]];
    counts[k] = target < size ? count + POPCOUNT[bits[target] & ((1 << (offset & 7)) - 1)] : count;
  }
}

/** The per-window counts of `activitySummariesIn` (a function of its own: its loop reads only locals). */
function countActivity(
  rows: readonly ActivityDaysRow[], bounds: Int32Array, at: Int32Array, account: Int32Array, user: Int32Array, shared: Int32Array, seen: Uint8Array,
  current: Int32Array, previous: Int32Array, activeUsers: Int32Array, userDays: Int32Array,
): void {
  const nw = activeUsers.length, na = current.length / nw;
  const first = bounds[0], last = bounds[bounds.length - 1];
  const counts = new Int32Array(bounds.length);
  for (let i = 0; i < rows.length; i++) {
    const d = rows[i].days;
    if (d.firstDay >= last || d.lastDay < first) continue;
    countAtBounds(d, bounds, counts);
    const a = account[i], s = shared[user[i]];
    for (let w = 0; w < nw; w++) {
      const cFrom = counts[at[w * 3 + 1]];
      const days = counts[at[w * 3 + 2]] - cFrom;
      const now = days > 0;
      if (now) {
        if (s < 0) activeUsers[w]++;
        else if (seen[s * nw + w] === 0) {
          seen[s * nw + w] = 1;
          activeUsers[w]++;
        }
      }
      if (a < 0) continue;
      if (now) {
        current[w * na + a]++;
        userDays[w * na + a] += days;
      }
      if (cFrom > counts[at[w * 3]]) previous[w * na + a]++;
    }
  }
}

/** Each window's activity, by its number in the list. */
export interface SpanActivity {
  /** What `activitySummary` answers for the window. */
  at(i: number): ActivitySummary;
  /** Per account active in the window: Σ over its days of its daily active users (`accountDayTotals`' userDays). */
  userDaysAt(i: number): Map<string, number>;
}

/**
 * `activitySummaryIn(rows, w.previousFromDay, w.fromDay, w.toDay)` for every window of a list, in one
 * pass over each row's days, with each account's user-days; answers are made per window only when asked.
 * @example activitySummariesIn(span.activity, weeks).at(3).activeUsers
 */
export function activitySummariesIn(rows: readonly ActivityDaysRow[], windows: readonly CountedWindow[]): SpanActivity {
  const nw = windows.length;
  const { days: bounds, at } = boundsOf(windows);
  // Users and accounts numbered once per span read (shared with activitySummaryIn).
  const { user, account, accountIds, userCount } = numberActivity(rows);
  const rowsOfUser = new Int32Array(userCount);
  for (let i = 0; i < rows.length; i++) rowsOfUser[user[i]]++;
  // A user of several rows (accounts) counts once per window: a seen mark per (such user, window).
  const shared = new Int32Array(userCount).fill(-1);
  let sharedCount = 0;
  for (let u = 0; u < userCount; u++) if (rowsOfUser[u] > 1) shared[u] = sharedCount++;
  const seen = new Uint8Array(sharedCount * nw);
  const na = accountIds.length;
  const current = new Int32Array(nw * na), previous = new Int32Array(nw * na), activeUsers = new Int32Array(nw);
  const userDays = new Int32Array(nw * na);
  countActivity(rows, bounds, at, account, user, shared, seen, current, previous, activeUsers, userDays);
  return {
    at(w) {
      const out: AccountActivityRow[] = [];
      for (let a = 0; a < na; a++) {
        const c = current[w * na + a], p = previous[w * na + a];
        if (c > 0 || p > 0) out.push({ accountId: accountIds[a], activeUsers: c, previousActiveUsers: p });
      }
      return { activeUsers: activeUsers[w], accounts: out };
    },
    userDaysAt(w) {
      const out = new Map<string, number>();
      for (let a = 0; a < na; a++) if (userDays[w * na + a] > 0) out.set(accountIds[a], userDays[w * na + a]);
      return out;
    },
  };
}
