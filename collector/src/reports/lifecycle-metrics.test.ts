import { describe, expect, it } from 'vitest';
import { activationRate, churn, conversion, timeToValueHours } from './lifecycle-metrics.js';

const t = (iso: string) => Date.parse(iso);

describe('lifecycle metrics', () => {
  it('time to value counts hours from the first event, or createdAt when earlier, to the first activation', () => {
    expect(timeToValueHours(t('2026-01-01T10:00Z'), null, t('2026-01-02T12:00Z'))).toBe(26);
    expect(timeToValueHours(t('2026-01-01T10:00Z'), t('2026-01-01T04:00Z'), t('2026-01-01T16:30Z'))).toBe(12.5);
    expect(timeToValueHours(t('2026-01-01T10:00Z'), t('2026-01-05T00:00Z'), t('2026-01-01T16:30Z'))).toBe(6.5);
    expect(timeToValueHours(t('2026-01-01T10:00Z'), null, null)).toBeNull();
  });

  it('activation rate: 1 of 2 new accounts activated inside the window; null when nothing is configured or new', () => {
    const w = { from: t('2026-01-01'), to: t('2026-01-31') };
    const first = new Map([['a', t('2026-01-05')], ['c', t('2026-02-05')]]);
    expect(activationRate(['a', 'b'], first, w, true)).toBe(0.5);
    expect(activationRate(['c'], first, w, true)).toBe(0);
    expect(activationRate(['a'], first, w, false)).toBeNull();
    expect(activationRate([], first, w, true)).toBeNull();
  });

  it('churn: 1 of 4 previously active accounts is gone', () => {
    expect(churn(new Set(['a', 'b', 'c', 'd']), new Set(['b', 'c', 'd', 'e']))).toEqual({ churnedAccountIds: ['a'], churnRate: 0.25 });
    expect(churn(new Set(), new Set(['e']))).toEqual({ churnedAccountIds: [], churnRate: null });
  });

  it('conversion follows the plan history through the window', () => {
    const w = { from: 100, to: 200 };
    const changes = [
      { accountId: 'trial-then-pro', plan: 'trial', timestamp: 10 }, { accountId: 'trial-then-pro', plan: 'pro', timestamp: 150 },
      { accountId: 'still-trial', plan: 'trial', timestamp: 10 }, { accountId: 'still-trial', plan: 'trial', timestamp: 120 },
      { accountId: 'new-free-then-team', plan: 'free', timestamp: 110 }, { accountId: 'new-free-then-team', plan: 'team', timestamp: 190 },
      { accountId: 'converted-later', plan: 'trial', timestamp: 50 }, { accountId: 'converted-later', plan: 'pro', timestamp: 250 },
      { accountId: 'converted-before', plan: 'trial', timestamp: 10 }, { accountId: 'converted-before', plan: 'pro', timestamp: 90 },
      { accountId: 'pro-to-trial', plan: 'pro', timestamp: 10 }, { accountId: 'pro-to-trial', plan: 'trial', timestamp: 110 },
      { accountId: 'new-pro', plan: 'pro', timestamp: 130 },
    ];
    // eligible: trial-then-pro, still-trial, new-free-then-team, converted-later (trial at start); converted: 2 of 4
    expect(conversion(changes, w, ['trial', 'free'])).toEqual({
      trialAccountIds: ['converted-later', 'new-free-then-team', 'still-trial', 'trial-then-pro'],
      convertedAccountIds: ['new-free-then-team', 'trial-then-pro'],
      conversionRate: 0.5,
    });
    expect(conversion([], w, ['trial']).conversionRate).toBeNull();
  });
});
