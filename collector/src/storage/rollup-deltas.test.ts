import { describe, expect, it } from 'vitest';
import { clusterSpans, mergeTraits } from './rollup-deltas.js';

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
