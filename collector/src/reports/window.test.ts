import { describe, expect, it } from 'vitest';
import { UptakeError } from '../errors.js';
import { isoDay, parseWindow, previousWindow, weekStartDay } from './window.js';

const NOW = Date.parse('2026-03-15T13:45:00Z');

describe('report window', () => {
  it('defaults to the 30 days ending tomorrow, so today is included', () => {
    const w = parseWindow({}, NOW);
    expect(new Date(w.to).toISOString()).toBe('2026-03-16T00:00:00.000Z');
    expect(new Date(w.from).toISOString()).toBe('2026-02-14T00:00:00.000Z');
    expect(w.days).toBe(30);
  });

  it('takes from inclusive and to exclusive as UTC dates', () => {
    const w = parseWindow({ from: '2026-03-01', to: '2026-03-08' }, NOW);
    expect(new Date(w.from).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(new Date(w.to).toISOString()).toBe('2026-03-08T00:00:00.000Z');
    expect(w.days).toBe(7);
    expect(isoDay(previousWindow(w).fromDay)).toBe('2026-02-22');
  });

  it('derives from = to − 30 days when only to is given', () => {
    const w = parseWindow({ to: '2026-03-31' }, NOW);
    expect(isoDay(w.fromDay)).toBe('2026-03-01');
  });

  it('accepts a UTC midnight timestamp', () => {
    expect(isoDay(parseWindow({ from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00.000Z' }, NOW).fromDay)).toBe('2026-03-01');
  });

  it('widens timestamps inside a day to whole days: from the day that contains it, to the next midnight', () => {
    const w = parseWindow({ from: '2026-03-01T12:34:56.789Z', to: '2026-03-07T08:00:00Z' }, NOW);
    expect([isoDay(w.fromDay), isoDay(w.toDay), w.days]).toEqual(['2026-03-01', '2026-03-08', 7]);
    // Another zone: 2026-03-02T01:00+02:00 is 2026-03-01T23:00Z.
    expect(isoDay(parseWindow({ from: '2026-03-02T01:00+02:00', to: '2026-03-03' }, NOW).fromDay)).toBe('2026-03-01');
    // A midnight `to` stays exclusive.
    expect(isoDay(parseWindow({ from: '2026-03-01', to: '2026-03-08T00:00:00.000Z' }, NOW).toDay)).toBe('2026-03-08');
  });

  it('accepts windows of decades', () => {
    expect(parseWindow({ from: '2000-01-01', to: '2100-01-01' }, NOW).days).toBe(36_525);
  });

  it.each([
    [{ from: 'yesterday' }, /from must be an ISO date/],
    [{ to: '2026-02-30' }, /to must be an ISO date/],
    [{ from: '2026-03-10', to: '2026-03-10' }, /must be before/],
    [{ from: '2026-03-10T12:00:00' }, /from must be an ISO date/], // no zone: not UTC
    [{ from: '2026-03-10T25:00:00Z' }, /from must be an ISO date/],
    [{ from: '1900-01-01', to: '2026-01-01' }, /at most/],
  ])('refuses %j with a 400', (query, message) => {
    try {
      parseWindow(query, NOW);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UptakeError);
      expect((err as UptakeError).status).toBe(400);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('finds the Monday of a week', () => {
    const day = (s: string) => Date.parse(s) / 86_400_000;
    expect(isoDay(weekStartDay(day('2026-03-15')))).toBe('2026-03-09'); // Sunday → previous Monday
    expect(isoDay(weekStartDay(day('2026-03-09')))).toBe('2026-03-09');
    expect(isoDay(weekStartDay(day('1970-01-01')))).toBe('1969-12-29');
  });
});
