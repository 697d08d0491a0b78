import { describe, expect, it } from 'vitest';
import { clusterSpans, computeDeltas, mergeTraits } from './rollup-deltas.js';
import type { StoredEventRow } from './store.js';

const MIN = 60_000;

describe('clusterSpans', () => {
  it('joins events less than 30 minutes apart, whatever their order, in the account of the earliest', () => {
    const spans = clusterSpans([
      { ts: 40 * MIN, accountId: 'b' },
      { ts: 0, accountId: 'a' },
      { ts: 20 * MIN, accountId: 'c' },
      { ts: 70 * MIN, accountId: 'd' },
    ]);
    expect(spans).toEqual([
      { start: 0, startAccount: 'a', end: 40 * MIN },
      { start: 70 * MIN, startAccount: 'd', end: 70 * MIN },
    ]);
  });
});

describe('mergeTraits', () => {
  it('merges key by key, an older update never overwriting a newer value', () => {
    const traits: Record<string, unknown> = {};
    const times: Record<string, number> = {};
    mergeTraits(traits, times, { traits: { plan: 'pro', seats: 5 }, ts: 10 });
    mergeTraits(traits, times, { traits: { plan: 'trial', name: 'Acme' }, ts: 5 });
    mergeTraits(traits, times, { traits: { seats: 8 }, ts: 10 });
    expect(traits).toEqual({ plan: 'pro', seats: 8, name: 'Acme' });
  });
});

describe('computeDeltas', () => {
  it('counts a user switching accounts, days and sessions back and forth into each one\'s entry', () => {
    const DAY = 86_400_000;
    const T = Date.UTC(2026, 2, 2, 9); // day 20 514
    let n = 0;
    const ev = (at: number, accountId: string, event: string, sessionId: string | null): StoredEventRow => ({
      messageId: `m${++n}`, type: 'track', event, userId: 'u1', anonymousId: 'a1', userKey: 'u1', groupId: null, accountId,
      timestamp: T + at, receivedAt: T + at, sessionId, properties: null, traits: null, context: null,
    });
    const d = computeDeltas([
      ev(0, 'acme', 'Report Exported', 's1'),
      ev(1 * MIN, 'globex', 'Report Exported', 's2'),
      ev(2 * MIN, 'acme', 'Invoice Sent', 's1'), // back to acme and s1
      ev(DAY, 'acme', 'Report Exported', 's1'), // the next day
      ev(3 * MIN, 'acme', 'Report Exported', 's1'), // and back to the first day, late
    ]);
    const day = Math.floor(T / DAY);
    // user-days: (day, acme) 0, 2, 3 min = 3 events; (day, globex) 1; (day + 1, acme) 1.
    expect([...d.userDays.values()].map((u) => [u.day - day, u.accountId, u.events])).toEqual([[0, 'acme', 3], [0, 'globex', 1], [1, 'acme', 1]]);
    // Report Exported in acme on the first day at 0 and 3 min: count 2, first 0, last 3 min.
    expect(d.featureUsage.get(`${day}\u0000acme\u0000u1\u0000Report Exported`)).toMatchObject({ count: 2, firstTs: T, lastTs: T + 3 * MIN });
    expect(d.featureUsage.size).toBe(4); // acme/Report, globex/Report, acme/Invoice (day 0), acme/Report (day 1)
    // First uses per (event, account): Report in acme at 0, in globex at 1 min; Invoice in acme at 2 min.
    expect([...d.firstEvents.values()].map((f) => [f.event, f.accountId, f.firstTs - T])).toEqual([
      ['Report Exported', 'acme', 0], ['Report Exported', 'globex', MIN], ['Invoice Sent', 'acme', 2 * MIN],
    ]);
    // Session s1 from 0 to a day later (its 4 events), s2 one event; acme and globex each seen first/last.
    expect(d.explicitSessions.get('u1\u0000s1')).toMatchObject({ start: T, end: T + DAY, startAccount: 'acme' });
    expect(d.explicitSessions.get('u1\u0000s2')).toMatchObject({ start: T + MIN, end: T + MIN });
    expect([...d.accountUsers.values()].map((a) => [a.accountId, a.firstSeen - T, a.lastSeen - T])).toEqual([['acme', 0, DAY], ['globex', MIN, MIN]]);
    expect([...d.links.values()]).toEqual([{ userId: 'u1', anonymousId: 'a1' }]);
  });
});
