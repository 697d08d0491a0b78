// Pure: folds one batch's rollup deltas (rollup-deltas.ts) into those of the batches before it, so a
// bulk transaction keeps one delta per key instead of every stored event until it commits. Merging
// batch by batch gives what `computeDeltas` gives for all their events at once, in the same order:
// sums, minima and maxima; the later non-null userId; trait updates in order; on a tie of earliest
// times the earlier batch's account; implicit-session runs less than 30 minutes apart joined.
import { joinSpans, type BatchDeltas } from './rollup-deltas.js';

export { joinSpans };

/** Sets `into`'s value for `key`, or combines it with the held one. */
function fold<T>(into: Map<string, T>, from: Map<string, T>, combine: (held: T, next: T) => void): void {
  for (const [key, next] of from) {
    const held = into.get(key);
    if (held === undefined) into.set(key, next);
    else combine(held, next);
  }
}

/**
 * Adds a later batch's deltas to `into` (which it changes; `from`'s objects may be taken over).
 * @example const d = emptyDeltas(); mergeDeltas(d, computeDeltas(batch1)); mergeDeltas(d, computeDeltas(batch2));
 */
export function mergeDeltas(into: BatchDeltas, from: BatchDeltas): void {
  fold(into.users, from.users, (u, n) => {
    if (n.userId !== null) u.userId = n.userId;
    for (const t of n.traitUpdates) u.traitUpdates.push(t);
    u.firstSeen = Math.min(u.firstSeen, n.firstSeen);
    u.lastSeen = Math.max(u.lastSeen, n.lastSeen);
  });
  fold(into.accounts, from.accounts, (a, n) => {
    for (const t of n.traitUpdates) a.traitUpdates.push(t);
    a.firstSeen = Math.min(a.firstSeen, n.firstSeen);
    a.lastSeen = Math.max(a.lastSeen, n.lastSeen);
  });
  fold(into.accountUsers, from.accountUsers, (a, n) => {
    a.firstSeen = Math.min(a.firstSeen, n.firstSeen);
    a.lastSeen = Math.max(a.lastSeen, n.lastSeen);
  });
  fold(into.userDays, from.userDays, (u, n) => {
    u.events += n.events;
    u.lastSeen = Math.max(u.lastSeen, n.lastSeen);
  });
  fold(into.featureUsage, from.featureUsage, (f, n) => {
    f.count += n.count;
    f.firstTs = Math.min(f.firstTs, n.firstTs);
    f.lastTs = Math.max(f.lastTs, n.lastTs);
  });
  fold(into.firstEvents, from.firstEvents, (f, n) => {
    f.firstTs = Math.min(f.firstTs, n.firstTs);
  });
  fold(into.explicitSessions, from.explicitSessions, (s, n) => {
    if (n.start < s.start) {
      s.start = n.start;
      s.startAccount = n.startAccount;
    }
    s.end = Math.max(s.end, n.end);
  });
  for (const [userKey, spans] of from.implicitSessions) {
    const held = into.implicitSessions.get(userKey);
    into.implicitSessions.set(userKey, held ? joinSpans(held, spans) : spans);
  }
  for (const r of from.surveyEvents) into.surveyEvents.push(r);
  for (const p of from.planChanges) into.planChanges.push(p);
  for (const [key, link] of from.links) into.links.set(key, link);
}
