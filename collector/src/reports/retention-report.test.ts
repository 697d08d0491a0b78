import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../storage/store.js';
import { retentionReport } from './retention-report.js';
import { windowOfDays } from './window.js';

const day = (iso: string) => Date.parse(iso) / 86_400_000;
const account = (accountId: string, firstSeenIso: string): AccountRecord => ({
  accountId, name: null, plan: null, seats: null, mrr: null, createdAt: null, traits: {}, firstSeen: Date.parse(firstSeenIso), lastSeen: Date.parse(firstSeenIso),
});

describe('retention report', () => {
  it('groups accounts by first-seen Monday week and counts each later week once per account', () => {
    // Window Mon 2026-03-02 … Mon 2026-03-23 (3 weeks). Cohort 03-02: a, b. Cohort 03-09: c. d is older.
    const w = windowOfDays(day('2026-03-02'), day('2026-03-23'));
    const accounts = [account('a', '2026-03-02T09:00Z'), account('b', '2026-03-08T23:00Z'), account('c', '2026-03-10T00:00Z'), account('d', '2026-01-01T00:00Z')];
    const rows = [
      { accountId: 'a', day: day('2026-03-02'), activeUsers: 1 }, { accountId: 'a', day: day('2026-03-03'), activeUsers: 2 }, // a week 0 (twice)
      { accountId: 'b', day: day('2026-03-08'), activeUsers: 1 }, // b week 0
      { accountId: 'a', day: day('2026-03-16'), activeUsers: 1 }, // a week 2
      { accountId: 'c', day: day('2026-03-10'), activeUsers: 1 }, { accountId: 'c', day: day('2026-03-20'), activeUsers: 3 },
      { accountId: 'd', day: day('2026-03-10'), activeUsers: 1 }, // not in a cohort of the window
    ];
    const r = retentionReport(accounts, rows.map((row) => ({ ...row, lastSeen: 0 })), w);
    expect(r.period).toBe('week');
    expect(r.cohorts).toEqual([
      {
        cohort: '2026-03-02T00:00:00.000Z', accounts: 2,
        weeks: [
          { week: 0, start: '2026-03-02T00:00:00.000Z', activeAccounts: 2, share: 1 },
          { week: 1, start: '2026-03-09T00:00:00.000Z', activeAccounts: 0, share: 0 },
          { week: 2, start: '2026-03-16T00:00:00.000Z', activeAccounts: 1, share: 0.5 },
        ],
      },
      {
        cohort: '2026-03-09T00:00:00.000Z', accounts: 1,
        weeks: [
          { week: 0, start: '2026-03-09T00:00:00.000Z', activeAccounts: 1, share: 1 },
          { week: 1, start: '2026-03-16T00:00:00.000Z', activeAccounts: 1, share: 1 },
        ],
      },
    ]);
  });
});
