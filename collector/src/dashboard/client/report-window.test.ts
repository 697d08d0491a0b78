import { describe, expect, it } from 'vitest';
import { windowOfLastDays, windowQuery } from './report-window.js';

describe('window picker', () => {
  it('ends the window tomorrow (UTC) so that today is included', () => {
    const now = Date.parse('2026-11-23T23:59:00Z');
    expect(windowOfLastDays(7, now)).toEqual({ days: 7, from: '2026-11-17', to: '2026-11-24' });
    expect(windowOfLastDays(30, now)).toEqual({ days: 30, from: '2026-10-25', to: '2026-11-24' });
    expect(windowOfLastDays(90, Date.parse('2026-03-01T00:00:00Z'))).toEqual({ days: 90, from: '2025-12-02', to: '2026-03-02' });
  });

  it('builds the from/to query of SPEC §6', () => {
    expect(windowQuery({ days: 7, from: '2026-11-17', to: '2026-11-24' })).toBe('from=2026-11-17&to=2026-11-24');
  });
});
