import { describe, expect, it } from 'vitest';
import { checkAccountTargeting, healthBand, type AccountState } from './account-targeting.js';
import type { AccountTargeting } from './survey-schema.js';

// Hand-built accounts (rows as the accounts report gives them).
const globex: AccountState = { accountId: 'globex', health: 32.5, risks: ['usage_drop', 'low_seat_utilization'], seatUtilization: 0.2, adopted: new Set(['dashboards']) };
const acme: AccountState = { accountId: 'acme', health: 81, risks: [], seatUtilization: 0.9, adopted: new Set(['dashboards', 'reports.export']) };
const initech: AccountState = { accountId: 'initech', health: null, risks: [], seatUtilization: null, adopted: new Set() };

const passes = (t: AccountTargeting, state: AccountState) => checkAccountTargeting(t, state).every((p) => p.pass);

describe('targeting.account (SPEC §13)', () => {
  it('bands health as the overview does: healthy ≥ 70, neutral 40–70, atRisk < 40, unknown without health', () => {
    expect([100, 70, 69.9, 40, 39.9, 0, null].map(healthBand)).toEqual(['healthy', 'healthy', 'neutral', 'neutral', 'atRisk', 'atRisk', 'unknown']);
  });

  it('health: the account is in one of the bands', () => {
    expect([globex, acme, initech].map((a) => passes({ health: ['atRisk', 'unknown'] }, a))).toEqual([true, false, true]);
    expect(checkAccountTargeting({ health: ['healthy'] }, globex)).toEqual([{ pass: false, detail: 'health 33 (atRisk); wanted healthy' }]);
  });

  it('risks: the account has at least one of them', () => {
    expect([globex, acme].map((a) => passes({ risks: ['usage_drop'] }, a))).toEqual([true, false]);
    expect(passes({ risks: ['detractor_account', 'low_seat_utilization'] }, globex)).toBe(true);
    expect(checkAccountTargeting({ risks: ['usage_drop'] }, acme)[0].detail).toBe('risks none; wanted one of usage_drop');
  });

  it('adopted: every listed feature was adopted', () => {
    expect([globex, acme].map((a) => passes({ adopted: ['dashboards', 'reports.export'] }, a))).toEqual([false, true]);
    expect(checkAccountTargeting({ adopted: ['dashboards', 'reports.export'] }, globex)[0].detail).toBe('not adopted: reports.export');
  });

  it('notAdopted: none of the listed features was adopted', () => {
    expect([globex, acme, initech].map((a) => passes({ notAdopted: ['reports.export'] }, a))).toEqual([true, false, true]);
    expect(checkAccountTargeting({ notAdopted: ['reports.export'] }, acme)[0].detail).toBe('adopted: reports.export');
  });

  it('seatUtilization: within [gte, lt); an account without seats fails', () => {
    expect([globex, acme, initech].map((a) => passes({ seatUtilization: { lt: 0.3 } }, a))).toEqual([true, false, false]);
    expect([globex, acme].map((a) => passes({ seatUtilization: { gte: 0.9 } }, a))).toEqual([false, true]);
    expect([globex, acme].map((a) => passes({ seatUtilization: { gte: 0.1, lt: 0.5 } }, a))).toEqual([true, false]);
    expect(checkAccountTargeting({ seatUtilization: { gte: 0.5 } }, initech)[0]).toEqual({ pass: false, detail: 'no seat utilization (no seats trait); wanted ≥ 0.5' });
  });

  it('needs every present key to hold: at-risk accounts that never adopted exports', () => {
    const t: AccountTargeting = { risks: ['usage_drop'], notAdopted: ['reports.export'] };
    expect([globex, acme, initech].map((a) => passes(t, a))).toEqual([true, false, false]);
    expect(checkAccountTargeting({}, acme)).toEqual([]);
  });
});
