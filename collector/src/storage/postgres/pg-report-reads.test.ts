import { describe, expect, it } from 'vitest';
import { adoptionUsers } from './pg-report-reads.js';

describe('adoptionUsers', () => {
  it('sorts each user\'s names and shares one list between users that used the same names, in any order', () => {
    const users = adoptionUsers([
      { account_id: 'acme', users: JSON.stringify([['u1', ['Report Exported', 'Dashboard Viewed']], ['u2', ['Dashboard Viewed', 'Report Exported']]]) },
      { account_id: '', users: JSON.stringify([['anon', ['Report Exported']]]) },
    ]);
    expect(users).toEqual([
      { userKey: 'u1', accountId: 'acme', events: ['Dashboard Viewed', 'Report Exported'] },
      { userKey: 'u2', accountId: 'acme', events: ['Dashboard Viewed', 'Report Exported'] },
      // '' is the store's "no account".
      { userKey: 'anon', accountId: null, events: ['Report Exported'] },
    ]);
    expect(users[0].events).toBe(users[1].events);
  });

  it('keeps names with separators and quotes apart: ["a\\tb"] is not ["a", "b"]', () => {
    const users = adoptionUsers([{ account_id: 'acme', users: JSON.stringify([['u1', ['a\tb']], ['u2', ['b', 'a']], ['u3', ['"a"']]]) }]);
    expect(users.map((u) => u.events)).toEqual([['a\tb'], ['a', 'b'], ['"a"']]);
  });
});
