import { describe, expect, it } from 'vitest';
import { cac, ltv, ltvToCac, mrrOf, revenue } from './revenue-metrics.js';

describe('revenue metrics', () => {
  it('MRR 100 + 300 over 2 accounts with 5 users: ARPA 200, ARPU 80; accounts without mrr are left out', () => {
    expect(revenue([{ mrr: 100, activeUsers: 2 }, { mrr: 300, activeUsers: 3 }, { mrr: null, activeUsers: 9 }])).toEqual({ mrr: 400, arpa: 200, arpu: 80 });
    expect(revenue([{ mrr: null, activeUsers: 9 }])).toEqual({ mrr: null, arpa: null, arpu: null });
  });

  it('sums the mrr of chosen accounts; 0 when none is chosen, null when no mrr is known', () => {
    const accounts = [{ mrr: 100, risky: true }, { mrr: 50, risky: false }, { mrr: null, risky: true }];
    expect(mrrOf(accounts, (a) => a.risky)).toBe(100);
    expect(mrrOf(accounts, () => false)).toBe(0);
    expect(mrrOf([{ mrr: null }], () => true)).toBeNull();
  });

  it('LTV: 50 % churn in 30 days is a monthly churn of 0.5, LTV = 2 × ARPA', () => {
    expect(ltv(100, 0.5, 30)).toBe(200);
    // 60-day window, 75 % churn: monthly churn = 1 − 0.25^0.5 = 0.5
    expect(ltv(100, 0.75, 60)).toBeCloseTo(200, 10);
    expect(ltv(100, 0, 30)).toBeNull();
    expect(ltv(100, null, 30)).toBeNull();
    expect(ltv(null, 0.5, 30)).toBeNull();
  });

  it('CAC: 12 000 a month over 15 days for 2 new accounts = 3 000', () => {
    expect(cac(12000, 15, 2)).toBe(3000);
    expect(cac(undefined, 15, 2)).toBeNull();
    expect(cac(12000, 15, 0)).toBeNull();
    expect(ltvToCac(9000, 3000)).toBe(3);
    expect(ltvToCac(9000, 0)).toBeNull();
    expect(ltvToCac(null, 3000)).toBeNull();
  });
});
