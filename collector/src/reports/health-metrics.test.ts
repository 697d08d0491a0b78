import { describe, expect, it } from 'vitest';
import { health, healthDistribution, healthParts, risks } from './health-metrics.js';

const weights = { breadth: 0.35, seatUtilization: 0.2, stickiness: 0.15, nps: 0.3 };

describe('health', () => {
  it('turns metrics into 0…1 parts: seats capped at 1, stickiness 0.5 counts as full, NPS rescaled', () => {
    expect(healthParts({ breadth: 0.5, seatUtilization: 1.4, stickiness: 0.2, nps: 20 })).toEqual({ breadth: 0.5, seatUtilization: 1, stickiness: 0.4, nps: 0.6 });
    expect(healthParts({ breadth: null, seatUtilization: null, stickiness: 0.9, nps: -100 })).toEqual({ breadth: null, seatUtilization: null, stickiness: 1, nps: 0 });
  });

  it('is 100 × the weighted mean when every part is known', () => {
    // 100 × (0.35·0.5 + 0.2·1 + 0.15·0.4 + 0.3·0.6) = 100 × (0.175 + 0.2 + 0.06 + 0.18) = 61.5
    expect(health({ breadth: 0.5, seatUtilization: 1, stickiness: 0.4, nps: 0.6 }, weights)).toBeCloseTo(61.5, 10);
  });

  it('spreads a null part’s weight over the rest pro rata', () => {
    // no seats, no NPS: 100 × (0.35·1 + 0.15·0) / (0.35 + 0.15) = 70
    expect(health({ breadth: 1, seatUtilization: null, stickiness: 0, nps: null }, weights)).toBeCloseTo(70, 10);
    expect(health({ breadth: null, seatUtilization: null, stickiness: null, nps: null }, weights)).toBeNull();
  });

  it('uses the configured weights', () => {
    expect(health({ breadth: 1, seatUtilization: 0, stickiness: 0, nps: 0 }, { breadth: 1, seatUtilization: 0, stickiness: 0, nps: 0 })).toBe(100);
  });

  it('buckets healths: ≥ 70 healthy, 40–70 neutral, < 40 at risk, null unknown', () => {
    expect(healthDistribution([70, 69.9, 40, 39.9, null, 100])).toEqual({ healthy: 2, neutral: 2, atRisk: 1, unknown: 1 });
  });
});

describe('risks', () => {
  const base = { activeUsers: 5, previousActiveUsers: 5, seatUtilization: 0.5, nps: 10, breadth: 0.5 };
  it('flags a drop of exactly 30 % and not 29 %', () => {
    expect(risks({ ...base, activeUsers: 7, previousActiveUsers: 10 })).toEqual(['usage_drop']);
    expect(risks({ ...base, activeUsers: 71, previousActiveUsers: 100 })).toEqual([]);
    expect(risks({ ...base, activeUsers: 0, previousActiveUsers: 0 })).toEqual([]);
  });
  it('flags low seats, detractors and no core adoption, but not when the metric is null', () => {
    expect(risks({ ...base, seatUtilization: 0.29, nps: -1, breadth: 0 })).toEqual(['low_seat_utilization', 'detractor_account', 'no_core_adoption']);
    expect(risks({ ...base, seatUtilization: 0.3, nps: 0, breadth: null })).toEqual([]);
    expect(risks({ ...base, seatUtilization: null, nps: null })).toEqual([]);
  });
});
