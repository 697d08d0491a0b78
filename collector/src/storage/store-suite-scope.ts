// The store conformance suite's account scopes: every rollup read given a list of accounts (a
// segment) answers as a project that holds only those accounts' events would (hand-computed, then
// compared read by read with such a project), and one account as the account page reads it.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountScope, NormalizedEvent, Store } from './store.js';
import { D0, makeEvent, P } from './store-fixtures.js';

const DAY = 24 * 60;
const survey = (kind: 'shown' | 'answered', responseId: string, score?: number) => ({
  event: `$survey_${kind}`, properties: { surveyId: 's1', kind: 'nps', responseId, ...(score === undefined ? {} : { score }) },
});

/**
 * Three accounts over 10 days; `both` works in acme and beta, `c` only in gamma, `solo` in none:
 * - acme: a (Export day 0 ×2, Share day 3), both (Export day 1); both shown s1 and answers 9.
 * - beta: both (Import day 2, page day 4); b shown s1 (no answer).
 * - gamma: c (Export day 5 ×3); c shown s1 and answers 2.
 * - solo: Export day 6 (no account).
 */
function events(only?: ReadonlySet<string>): NormalizedEvent[] {
  const all: NormalizedEvent[] = [
    makeEvent({ at: 0, userId: 'a', groupId: 'acme', event: 'Export' }),
    makeEvent({ at: 7, userId: 'a', groupId: 'acme', event: 'Export' }),
    makeEvent({ at: 3 * DAY, userId: 'a', groupId: 'acme', event: 'Share' }),
    makeEvent({ at: 1 * DAY, userId: 'both', groupId: 'acme', event: 'Export' }),
    makeEvent({ at: 1 * DAY + 5, userId: 'both', groupId: 'acme', ...survey('shown', 'r1') }),
    makeEvent({ at: 1 * DAY + 6, userId: 'both', groupId: 'acme', ...survey('answered', 'r1', 9) }),
    makeEvent({ at: 2 * DAY, userId: 'both', groupId: 'beta', event: 'Import' }),
    makeEvent({ at: 4 * DAY, userId: 'both', groupId: 'beta', type: 'page', event: null }),
    makeEvent({ at: 4 * DAY + 1, userId: 'b', groupId: 'beta', ...survey('shown', 'r2') }),
    makeEvent({ at: 5 * DAY, userId: 'c', groupId: 'gamma', event: 'Export' }),
    makeEvent({ at: 5 * DAY + 1, userId: 'c', groupId: 'gamma', event: 'Export' }),
    makeEvent({ at: 5 * DAY + 2, userId: 'c', groupId: 'gamma', event: 'Export' }),
    makeEvent({ at: 5 * DAY + 3, userId: 'c', groupId: 'gamma', ...survey('shown', 'r3') }),
    makeEvent({ at: 5 * DAY + 4, userId: 'c', groupId: 'gamma', ...survey('answered', 'r3', 2) }),
    makeEvent({ at: 6 * DAY, userId: 'solo', event: 'Export' }),
  ];
  return only ? all.filter((e) => e.groupId !== null && only.has(e.groupId)) : all;
}

const byText = <T>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Every scoped read of [D0, D0 + 10) (after [D0 - 10, D0)), in a form that compares across stores. */
async function reads(store: Store, project: string, accounts?: AccountScope, pairsOf?: readonly string[]) {
  const [summary, totals, days, sessions, adoption, users, activity, features, pairs, answers] = await Promise.all([
    store.activitySummary(project, D0 - 10, D0, D0 + 10, accounts),
    store.accountDayTotals(project, D0, D0 + 10, accounts),
    store.accountDays(project, D0, D0 + 10, accounts),
    store.sessionTotals(project, D0, D0 + 10, accounts),
    store.featureAdoption(project, D0, D0 + 10, accounts),
    store.userActivity(project, D0, D0 + 10, accounts),
    store.activityDays(project, D0, D0 + 10, accounts),
    store.featureDays(project, D0, D0 + 10, accounts),
    store.surveyResponsePairs(project, (D0 - 1) * 86_400_000, (D0 + 10) * 86_400_000, pairsOf),
    store.surveyAnswers(project, (D0 - 1) * 86_400_000, (D0 + 10) * 86_400_000, pairsOf),
  ]);
  return {
    activeUsers: summary.activeUsers,
    summary: byText(summary.accounts),
    totals: byText(totals),
    days: byText(days),
    sessions: byText(sessions),
    adoptionUsers: byText(adoption.users.map((u) => ({ ...u, events: [...u.events] }))),
    eventTotals: byText(adoption.eventTotals),
    users: byText(users),
    activity: byText(activity.map((r) => ({ ...r, days: { ...r.days, bits: [...r.days.bits] } }))),
    features: byText(features.map((r) => ({ ...r, days: { ...r.days, bits: [...r.days.bits] } }))),
    pairs: byText(pairs),
    answers,
  };
}

/**
 * Registers the account scope tests on the stores that `current` returns (the second for a project of its own).
 * @example describeScopedReads(() => store)
 */
export function describeScopedReads(current: () => Store): void {
  describe('account scopes', () => {
    let store: Store;
    beforeEach(async () => {
      store = current();
      await store.ingest(P, events());
    });

    it('counts a segment\'s distinct users, feature use and response pairs over its accounts alone', async () => {
      const segment = ['acme', 'beta', 'nobody'];
      const summary = await store.activitySummary(P, D0 - 10, D0, D0 + 10, segment);
      // a and both through acme, both through beta: 2 distinct users (c in gamma and solo are outside).
      expect(summary.activeUsers).toBe(2);
      expect(byText(summary.accounts)).toEqual([
        { accountId: 'acme', activeUsers: 2, previousActiveUsers: 0 },
        { accountId: 'beta', activeUsers: 1, previousActiveUsers: 0 },
      ]);
      // Everyone: a, both, c, solo.
      expect((await store.activitySummary(P, D0 - 10, D0, D0 + 10)).activeUsers).toBe(4);
      const adoption = await store.featureAdoption(P, D0, D0 + 10, segment);
      // Export: a ×2 + both ×1 in acme (gamma's 3 and solo's 1 left out); Import: both in beta; Share: a.
      expect(adoption.eventTotals.map((t) => [t.event, t.count]).sort()).toEqual([['Export', 3], ['Import', 1], ['Share', 1]]);
      expect(adoption.accountTotals).toEqual([]);
      expect(byText(adoption.users.map((u) => [u.accountId, u.userKey, [...u.events]]))).toEqual(byText([
        ['acme', 'a', ['Export', 'Share']], ['acme', 'both', ['Export']], ['beta', 'both', ['Import']],
      ]));
      // s1 shown to both (acme) who answered, and to b (beta) who did not: 2 shown, 1 answered; c (gamma) left out.
      expect(await store.surveyResponsePairs(P, (D0 - 1) * 86_400_000, (D0 + 10) * 86_400_000, segment)).toEqual([{ surveyId: 's1', shown: 2, answered: 1 }]);
      expect(await store.surveyResponsePairs(P, (D0 - 1) * 86_400_000, (D0 + 10) * 86_400_000)).toEqual([{ surveyId: 's1', shown: 3, answered: 2 }]);
      // Answers: both's 9 in acme; everyone's adds c's 2 in gamma (in time order: day 1, then day 5).
      const answers = async (accounts?: string[]) => (await store.surveyAnswers(P, (D0 - 1) * 86_400_000, (D0 + 10) * 86_400_000, accounts)).map((a) => [a.userKey, a.accountId, a.score]);
      expect(await answers(segment)).toEqual([['both', 'acme', 9]]);
      expect(await answers()).toEqual([['both', 'acme', 9], ['c', 'gamma', 2]]);
      expect(await answers([])).toEqual([]);
    });

    it('answers every read of a segment as a project holding only the segment\'s accounts', async () => {
      const segment = new Set(['acme', 'beta']);
      await store.ingest('only', events(segment));
      expect(await reads(store, P, [...segment], [...segment])).toEqual(await reads(store, 'only'));
      // An empty segment reads nothing.
      const none = await reads(store, P, [], []);
      expect([none.activeUsers, none.summary, none.adoptionUsers, none.eventTotals, none.activity, none.features, none.pairs, none.answers]).toEqual([0, [], [], [], [], [], [], []]);
    });

    it('reads one account as a list of it, but keeps everyone\'s use per name beside its own', async () => {
      const one = await store.featureAdoption(P, D0, D0 + 10, 'gamma');
      // Everyone's Export: 3 (acme) + 3 (gamma) + 1 (solo) = 7; gamma's own: 3.
      expect(one.eventTotals.find((t) => t.event === 'Export')?.count).toBe(7);
      expect(one.accountTotals.map((t) => [t.accountId, t.event, t.count])).toEqual([['gamma', 'Export', 3]]);
      const [asString, asList] = await Promise.all([reads(store, P, 'gamma'), reads(store, P, ['gamma'])]);
      expect({ ...asString, eventTotals: [] }).toEqual({ ...asList, eventTotals: [] });
      expect(asString.activeUsers).toBe(1);
    });

    it('sums a segment\'s use per name over a window\'s whole weeks and the days around them', async () => {
      const at = (day: number, hour: number) => day * DAY + hour * 60;
      // D0 is a Monday. acme: a Export day −2 (the Saturday before) 10:00, day 0 09:00, day 3 12:00 and 13:00, day 8 08:00,
      // Share day 5 07:00; b Export day 6 (Sunday) 23:00 and day 7 (Monday) 00:30. beta: c Export day 1 and day 9.
      // Sent in three batches, out of order.
      const e = (day: number, hour: number, userId: string, groupId: string, event = 'Export') => makeEvent({ at: at(day, hour), userId, groupId, event });
      await store.ingest('weeks', [e(8, 8, 'a', 'acme'), e(7, 0.5, 'b', 'acme'), e(9, 0, 'c', 'beta')]);
      await store.ingest('weeks', [e(3, 12, 'a', 'acme'), e(-2, 10, 'a', 'acme'), e(5, 7, 'a', 'acme', 'Share'), e(1, 0, 'c', 'beta')]);
      await store.ingest('weeks', [e(6, 23, 'b', 'acme'), e(0, 9, 'a', 'acme'), e(3, 13, 'a', 'acme')]);
      const ms = (day: number, hour: number) => (D0 + day) * 86_400_000 + hour * 3_600_000;
      const totals = async (from: number, to: number, accounts: string[]) =>
        byText((await store.featureAdoption('weeks', D0 + from, D0 + to, accounts)).eventTotals.map((t) => [t.event, t.count, t.firstUsed, t.lastUsed]));
      // [−2, 9): days −2 and −1, the week of days 0–6, then days 7 and 8. acme's Export: days −2, 0, 3, 3, 6, 7, 8 = 7 events.
      expect(await totals(-2, 9, ['acme'])).toEqual([['Export', 7, ms(-2, 10), ms(8, 8)], ['Share', 1, ms(5, 7), ms(5, 7)]]);
      // With beta: its day 1 (day 9 is outside): 8.
      expect(await totals(-2, 9, ['acme', 'beta'])).toEqual([['Export', 8, ms(-2, 10), ms(8, 8)], ['Share', 1, ms(5, 7), ms(5, 7)]]);
      // Exactly the week of days 0–6: acme's days 0, 3, 3, 6 = 4.
      expect(await totals(0, 7, ['acme'])).toEqual([['Export', 4, ms(0, 9), ms(6, 23)], ['Share', 1, ms(5, 7), ms(5, 7)]]);
      // No whole week in [1, 5): days 3 and 3 alone.
      expect(await totals(1, 5, ['acme'])).toEqual([['Export', 2, ms(3, 12), ms(3, 13)]]);
      // Erasing b: acme's week loses day 6 (its last use becomes day 3 13:00), and day 7 goes too.
      await store.deleteUser('weeks', 'b');
      expect(await totals(0, 7, ['acme'])).toEqual([['Export', 3, ms(0, 9), ms(3, 13)], ['Share', 1, ms(5, 7), ms(5, 7)]]);
      expect(await totals(-2, 9, ['acme'])).toEqual([['Export', 5, ms(-2, 10), ms(8, 8)], ['Share', 1, ms(5, 7), ms(5, 7)]]);
    });

    it('reads the members alone, or some names\' use, when asked for names', async () => {
      const segment = ['acme', 'beta'];
      const full = await store.featureAdoption(P, D0, D0 + 10, segment);
      // No names: the same members, no use per name.
      const members = await store.featureAdoption(P, D0, D0 + 10, segment, []);
      expect(byText(members.users.map((u) => ({ ...u, events: [...u.events] })))).toEqual(byText(full.users.map((u) => ({ ...u, events: [...u.events] }))));
      expect([members.eventTotals, members.accountTotals]).toEqual([[], []]);
      // Share alone: a's one event in acme; everyone's Share is that same one.
      expect((await store.featureAdoption(P, D0, D0 + 10, segment, ['Share'])).eventTotals.map((t) => [t.event, t.count])).toEqual([['Share', 1]]);
      const one = await store.featureAdoption(P, D0, D0 + 10, 'gamma', ['Export']);
      // Everyone's Export 7 (acme 3, gamma 3, solo 1); gamma's 3.
      expect([one.eventTotals.map((t) => [t.event, t.count]), one.accountTotals.map((t) => [t.event, t.count])]).toEqual([[['Export', 7]], [['Export', 3]]]);
      expect((await store.featureAdoption(P, D0, D0 + 10, undefined, [])).users.length).toBe((await store.featureAdoption(P, D0, D0 + 10)).users.length);
    });
  });
}
