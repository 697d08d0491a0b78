// Merging batch deltas one by one gives what computeDeltas gives for all their events at once.
import { describe, expect, it } from 'vitest';
import { computeDeltas, emptyDeltas, newDeltaCursors } from './rollup-deltas.js';
import { joinSpans, mergeDeltas } from './merge-deltas.js';
import type { StoredEventRow } from './store.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 9);
let n = 0;
const row = (userKey: string, min: number, accountId: string | null, more: Partial<StoredEventRow> = {}): StoredEventRow => ({
  messageId: `e${++n}`, type: 'track', event: 'Report Exported', userId: userKey, anonymousId: null, userKey, groupId: accountId,
  accountId, timestamp: T0 + min * MIN, receivedAt: T0, sessionId: null, properties: null, traits: null, context: null, ...more,
});

describe('joinSpans', () => {
  it('joins runs less than 30 minutes apart; on equal starts the earlier list keeps the account', () => {
    const a = [{ start: 0, startAccount: 'a', end: 10 * MIN }, { start: 100 * MIN, startAccount: 'a', end: 100 * MIN }];
    const b = [{ start: 0, startAccount: 'b', end: 5 * MIN }, { start: 39 * MIN, startAccount: 'b', end: 50 * MIN }, { start: 129 * MIN, startAccount: 'b', end: 129 * MIN }];
    // 0–10 (a) and 0–5 (b) → 0–10, account a; 39 is 29 min after 10 → 0–50; 100 is 50 min after 50: new;
    // 129 is 29 min after 100 → 100–129.
    expect(joinSpans(a, b)).toEqual([
      { start: 0, startAccount: 'a', end: 50 * MIN },
      { start: 100 * MIN, startAccount: 'a', end: 129 * MIN },
    ]);
    // Exactly 30 minutes apart: two sessions (SPEC: a gap of 30 minutes or more starts a new one).
    expect(joinSpans([{ start: 0, startAccount: 'a', end: 0 }], [{ start: 30 * MIN, startAccount: 'b', end: 30 * MIN }])).toHaveLength(2);
  });
});

describe('mergeDeltas', () => {
  it('gives the deltas of all the events at once', () => {
    const first = [row('u1', 20, 'acme'), row('u1', 0, 'acme', { sessionId: 's1' }), row('u2', 5, null, { type: 'identify', event: null, traits: { role: 'admin' } })];
    const second = [row('u1', 10, 'globex'), row('u1', -5, 'globex', { sessionId: 's1' }), row('u2', 50, null, { type: 'identify', event: null, traits: { role: 'viewer' } })];
    const merged = emptyDeltas();
    mergeDeltas(merged, computeDeltas(first));
    mergeDeltas(merged, computeDeltas(second));
    expect(merged).toEqual(computeDeltas([...first, ...second]));
    // Folding the second batch straight into the first's deltas (the bulk writer's way) gives the same.
    expect(computeDeltas(second, computeDeltas(first))).toEqual(merged);
    // And with the first batch's cursors kept for the second (the deferred rollups' way).
    const cursors = newDeltaCursors();
    expect(computeDeltas(second, computeDeltas(first, undefined, cursors), cursors)).toEqual(merged);
    // By hand: u1's implicit events at 20, 10 (one run 10–20, starting in globex); session s1 from
    // −5 (globex) to 0; u1 has 4 events that day in acme and globex together (2 + 2).
    expect(merged.implicitSessions.get('u1')).toEqual([{ start: T0 + 10 * MIN, startAccount: 'globex', end: T0 + 20 * MIN }]);
    expect(merged.explicitSessions.get('u1\u0000s1')).toMatchObject({ start: T0 - 5 * MIN, startAccount: 'globex', end: T0 });
    expect([...merged.userDays.values()].filter((d) => d.userKey === 'u1').map((d) => [d.accountId, d.events])).toEqual([['acme', 2], ['globex', 2]]);
    expect(merged.users.get('u2')!.traitUpdates.map((t) => t.traits.role)).toEqual(['admin', 'viewer']);
  });
});
