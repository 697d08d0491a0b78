import { describe, expect, it } from 'vitest';
import { formatCount, formatCountOf, formatDateTime, formatDay, formatHours, formatMoney, formatNps, formatPercent, formatScore, formatText, NONE } from './format.js';

describe('dashboard number formatting', () => {
  it('shows null and missing values as a dash, never as 0', () => {
    for (const format of [formatCount, formatPercent, formatNps, formatScore, formatMoney, formatHours, formatDay, formatDateTime, formatText]) {
      expect(format(null)).toBe(NONE);
      expect(format(undefined)).toBe(NONE);
    }
    expect(formatPercent(Number.NaN)).toBe(NONE);
  });

  it('shows 0 as 0 when the metric is really 0', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatNps(0)).toBe('0');
    expect(formatCount(0)).toBe('0');
  });

  it('shows fractions as rounded percentages', () => {
    expect(formatPercent(0.4236)).toBe('42%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.0456)).toBe('4.6%');
    expect(formatPercent(0.05)).toBe('5%');
  });

  it('signs NPS and rounds it', () => {
    expect(formatNps(23.4)).toBe('+23');
    expect(formatNps(-12.6)).toBe('−13');
    expect(formatNps(-0.2)).toBe('0');
  });

  it('groups counts and money, days from 48 hours', () => {
    expect(formatCount(12400)).toBe('12,400');
    expect(formatMoney(12400.5)).toBe('12,401');
    expect(formatMoney(75.8)).toBe('75.80');
    expect(formatHours(7)).toBe('7 h');
    expect(formatHours(50)).toBe('2.1 d');
  });

  it('uses the singular for exactly one', () => {
    expect(formatCountOf(1, 'response')).toBe('1 response');
    expect(formatCountOf(0, 'response')).toBe('0 responses');
    expect(formatCountOf(null, 'account')).toBe('— accounts');
  });

  it('prints times in UTC', () => {
    expect(formatDay('2026-11-23T23:30:00.000Z')).toBe('Nov 23, 2026');
    expect(formatDateTime('2026-11-23T10:05:00.000Z')).toBe('Nov 23, 2026, 10:05 UTC');
  });

  it('keeps user text as it is', () => {
    expect(formatText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(formatText('')).toBe(NONE);
  });
});
