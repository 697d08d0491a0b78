// The seed data tells every story a demo needs (risks, churn, conversion, surveys), deterministically.
// Expectations are recomputed here from the raw events with SPEC §6's definitions, independent of reports.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ProjectConfig } from '../config.js';
import { DAY_MS, dayOf, isActivityEvent, type NormalizedEvent } from '../storage/store.js';
import { seedEventDays, seedPlan, type SeedOptions } from './generate.js';

const project: ProjectConfig = parseConfig(JSON.parse(readFileSync(new URL('../../../uptake.config.json', import.meta.url), 'utf8'))).projects[0];
const NOW = Date.UTC(2026, 4, 15, 12); // a Friday
const TODAY = dayOf(NOW);
const options: SeedOptions = { accounts: 40, days: 90, seed: 1, now: NOW };

function generate(opts: SeedOptions = options): NormalizedEvent[] {
  return [...seedEventDays(project, seedPlan(project, opts), opts.seed)].flat();
}

const events = generate();
const coreEvents = new Set(project.features.filter((f) => f.core).flatMap((f) => f.events));

/** Per account: active users, core features used, latest NPS answer per user, in days [from, to). */
function windowStats(list: NormalizedEvent[], fromDay: number, toDay: number) {
  const stats = new Map<string, { active: Set<string>; core: Set<string>; nps: Map<string, number> }>();
  for (const e of list) {
    const day = dayOf(e.timestamp);
    if (day < fromDay || day >= toDay || !e.groupId) continue;
    const s = stats.get(e.groupId) ?? { active: new Set(), core: new Set(), nps: new Map() };
    stats.set(e.groupId, s);
    if (isActivityEvent(e.type, e.event)) s.active.add(e.userKey);
    if (e.type === 'track' && coreEvents.has(e.event!)) s.core.add(e.event!);
    if (e.event === '$survey_answered' && e.properties?.kind === 'nps') s.nps.set(e.userKey, e.properties.score as number);
  }
  return stats;
}

/** Latest group traits per account. */
function latestTraits(list: NormalizedEvent[]) {
  const traits = new Map<string, Record<string, unknown>>();
  for (const e of list) if (e.type === 'group') traits.set(e.groupId!, { ...traits.get(e.groupId!), ...e.traits });
  return traits;
}

/** Accounts showing each risk of SPEC §6 over the last 30 days (default report window). */
function risks(list: NormalizedEvent[]) {
  const current = windowStats(list, TODAY - 29, TODAY + 1);
  const previous = windowStats(list, TODAY - 59, TODAY - 29);
  const traits = latestTraits(list);
  const activeNow = [...current].filter(([, s]) => s.active.size > 0);
  const seats = (id: string) => traits.get(id)!.seats as number;
  return {
    activeAccounts: activeNow.length,
    usage_drop: activeNow.filter(([id, s]) => (previous.get(id)?.active.size ?? 0) > 0 && s.active.size <= 0.7 * previous.get(id)!.active.size).length,
    low_seat_utilization: activeNow.filter(([id, s]) => s.active.size / seats(id) < 0.3).length,
    detractor_account: activeNow.filter(([, s]) => {
      const scores = [...s.nps.values()];
      return scores.filter((n) => n <= 6).length > scores.filter((n) => n >= 9).length;
    }).length,
    no_core_adoption: activeNow.filter(([, s]) => s.core.size === 0).length,
    churned: [...previous].filter(([id, s]) => s.active.size > 0 && !current.get(id)?.active.size).length,
  };
}

const traits = latestTraits(events);
const fingerprint = (list: NormalizedEvent[]) => list.map((e) => `${e.messageId}|${e.timestamp}|${e.event}`).join('\n');

describe('seed data', () => {
  it('is the same for the same seed and differs for another', () => {
    const small = { ...options, accounts: 10 };
    const first = generate(small);
    const again = generate(small);
    expect(again.length).toBe(first.length);
    expect(fingerprint(again) === fingerprint(first)).toBe(true);
    expect(fingerprint(generate({ ...small, seed: 2 })) === fingerprint(first)).toBe(false);
  });

  it('covers the requested days, in time order, ending before today', () => {
    expect(dayOf(events[0].timestamp)).toBe(TODAY - 90);
    expect(dayOf(events.at(-1)!.timestamp)).toBe(TODAY - 1);
    expect(events.filter((e, i) => i > 0 && e.timestamp < events[i - 1].timestamp)).toEqual([]);
    expect(new Set(events.map((e) => e.messageId)).size).toBe(events.length);
  });

  it('gives every event a user, an account and a session, like the SDK does', () => {
    const odd = events.filter((e) => e.userKey !== e.userId || !e.groupId || !e.sessionId || e.context?.sessionId !== e.sessionId);
    expect(odd).toEqual([]);
  });

  it('describes accounts with plan, seats, mrr, name and createdAt traits on several plans', () => {
    expect(traits.size).toBe(40);
    for (const t of traits.values()) expect(Object.keys(t)).toEqual(expect.arrayContaining(['name', 'plan', 'seats', 'mrr', 'createdAt']));
    expect(new Set([...traits.values()].map((t) => t.plan))).toEqual(new Set(['trial', 'free', 'starter', 'pro', 'enterprise']));
  });

  it('is quieter at weekends than on weekdays', () => {
    const perDay = new Map<number, number>();
    for (const e of events) if (dayOf(e.timestamp) >= TODAY - 60) perDay.set(dayOf(e.timestamp), (perDay.get(dayOf(e.timestamp)) ?? 0) + 1);
    const mean = (weekend: boolean) => {
      const days = [...perDay].filter(([day]) => [0, 6].includes((day + 4) % 7) === weekend).map(([, n]) => n);
      return days.reduce((a, b) => a + b, 0) / days.length;
    };
    expect(mean(true)).toBeLessThan(mean(false) * 0.3);
  });

  it('has a few popular features and a long tail', () => {
    const counts = new Map<string, number>();
    for (const e of events) if (e.type === 'track' && !e.event!.startsWith('$')) counts.set(e.event!, (counts.get(e.event!) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted.length).toBeGreaterThanOrEqual(10);
    expect(sorted[0]).toBeGreaterThan(5 * sorted[Math.floor(sorted.length / 2)]);
  });

  it('has an account of every risk type, and churned accounts, while most accounts are fine', () => {
    const found = risks(events);
    expect(found).toMatchObject({ usage_drop: expect.any(Number) });
    for (const kind of ['usage_drop', 'low_seat_utilization', 'detractor_account', 'no_core_adoption', 'churned'] as const) expect(found[kind], kind).toBeGreaterThan(0);
    expect(found.activeAccounts).toBeGreaterThan(25);
  });

  it.each([2, 3, 7, 42])('tells every story with only 10 accounts (seed %i)', (seed) => {
    const found = risks(generate({ accounts: 10, days: 90, seed, now: NOW }));
    for (const kind of ['usage_drop', 'low_seat_utilization', 'detractor_account', 'no_core_adoption', 'churned'] as const) expect(found[kind], kind).toBeGreaterThan(0);
  });

  it('has trials that convert to a paid plan in the last 30 days and trials that do not', () => {
    const plans = new Map<string, { plan: string; day: number }[]>();
    for (const e of events) if (e.type === 'group') plans.set(e.groupId!, [...(plans.get(e.groupId!) ?? []), { plan: e.traits!.plan as string, day: dayOf(e.timestamp) }]);
    const converted = [...plans.values()].filter((h) => h[0].plan === 'trial' && h.some((p) => p.plan !== 'trial' && p.day >= TODAY - 29));
    const stayed = [...plans.values()].filter((h) => h.every((p) => p.plan === 'trial'));
    expect(converted.length).toBeGreaterThan(0);
    expect(stayed.length).toBeGreaterThan(0);
  });

  it('has new accounts in the last 30 days that reach the activation event', () => {
    const firstSeen = new Map<string, number>();
    for (const e of events) if (!firstSeen.has(e.groupId!)) firstSeen.set(e.groupId!, dayOf(e.timestamp));
    const fresh = [...firstSeen].filter(([, day]) => day >= TODAY - 29).map(([id]) => id);
    expect(fresh.length).toBeGreaterThan(0);
    const activated = new Set(events.filter((e) => project.activation.events.includes(e.event ?? '')).map((e) => e.groupId));
    expect(fresh.filter((id) => activated.has(id)).length).toBeGreaterThan(0);
  });

  it('has NPS and CSAT answers with comments, dismissals and referrals in the last 30 days', () => {
    const recent = events.filter((e) => e.timestamp >= (TODAY - 29) * DAY_MS);
    const answered = recent.filter((e) => e.event === '$survey_answered');
    for (const kind of ['nps', 'csat']) {
      const surveyId = project.surveys.find((s) => s.kind === kind)!.id;
      const mine = answered.filter((e) => e.properties!.surveyId === surveyId && e.properties!.kind === kind);
      expect(mine.length).toBeGreaterThan(5);
      expect(mine.some((e) => typeof e.properties!.comment === 'string')).toBe(true);
      for (const e of mine) expect(e.properties!.responseId).toBeTruthy();
    }
    expect(recent.some((e) => e.event === '$survey_dismissed')).toBe(true);
    // Every answer follows a shown prompt with the same responseId.
    const shown = new Set(events.filter((e) => e.event === '$survey_shown').map((e) => e.properties!.responseId));
    expect(answered.filter((e) => !shown.has(e.properties!.responseId))).toEqual([]);
    expect(recent.some((e) => project.referral.events.includes(e.event ?? ''))).toBe(true);
  });

  it('lets happier (heavier) users score higher', () => {
    const eventsPerUser = new Map<string, number>();
    for (const e of events) if (isActivityEvent(e.type, e.event)) eventsPerUser.set(e.userKey, (eventsPerUser.get(e.userKey) ?? 0) + 1);
    const scores = events.filter((e) => e.event === '$survey_answered' && e.properties!.kind === 'nps').map((e) => ({ score: e.properties!.score as number, use: eventsPerUser.get(e.userKey) ?? 0 }));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const median = [...scores].sort((a, b) => a.use - b.use)[Math.floor(scores.length / 2)].use;
    expect(mean(scores.filter((s) => s.use > median).map((s) => s.score))).toBeGreaterThan(mean(scores.filter((s) => s.use <= median).map((s) => s.score)));
  });
});
