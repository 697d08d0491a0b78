import { describe, expect, it } from 'vitest';
import {
  accountAdoptionRate, avgSessionMinutes, breadth, depth, referralRate, seatUtilization, sessionsPerUserPerWeek, stickiness, userAdoptionRate,
} from './adoption-metrics.js';

describe('adoption and engagement metrics', () => {
  it('adoption rates divide by active accounts / users, null when there are none', () => {
    expect(accountAdoptionRate(2, 5)).toBe(0.4);
    expect(userAdoptionRate(3, 12)).toBe(0.25);
    expect(accountAdoptionRate(0, 0)).toBeNull();
  });

  it('breadth: 2 of 3 core features', () => {
    expect(breadth(2, 3)).toBeCloseTo(2 / 3, 12);
    expect(breadth(0, 3)).toBe(0);
    expect(breadth(0, 0)).toBeNull();
  });

  it('depth: users used 3, 1 and 0 features → 4 / 3', () => {
    expect(depth(3 + 1 + 0, 3)).toBeCloseTo(4 / 3, 12);
    expect(depth(0, 0)).toBeNull();
  });

  it('seat utilization: 4 active of 5 seats; over-use above 1; null without seats', () => {
    expect(seatUtilization(4, 5)).toBe(0.8);
    expect(seatUtilization(6, 5)).toBe(1.2);
    expect(seatUtilization(4, null)).toBeNull();
    expect(seatUtilization(4, 0)).toBeNull();
  });

  it('stickiness: DAU 2, 1, 0, 1 over 4 days with 2 active users → (4 / 4) / 2 = 0.5', () => {
    expect(stickiness(4, 2, 4)).toBe(0.5);
    expect(stickiness(0, 0, 4)).toBeNull();
  });

  it('referral rate: 1 of 4 active users invited someone; null when no referral event is configured', () => {
    expect(referralRate(1, 4, true)).toBe(0.25);
    expect(referralRate(0, 4, true)).toBe(0);
    expect(referralRate(1, 4, false)).toBeNull();
  });

  it('sessions: 6 sessions of 3 users over 14 days = 1 per user per week; 90 minutes over 6 = 15', () => {
    expect(sessionsPerUserPerWeek(6, 3, 14)).toBe(1);
    expect(avgSessionMinutes(6, 90 * 60_000)).toBe(15);
    expect(avgSessionMinutes(0, 0)).toBeNull();
    expect(sessionsPerUserPerWeek(0, 0, 14)).toBeNull();
  });
});
