// Turns the planned accounts into events, one UTC day at a time (bounded memory), in stored-time order:
// sessions of page views and feature use with a weekday rhythm, sign-ups, plan changes, invites and surveys.
import type { ProjectConfig, SurveyConfig } from '../config.js';
import type { WireEvent } from '@uptake/protocol';
import { normalizeEvent } from '../ingest/normalize.js';
import { DAY_MS, type NormalizedEvent } from '../storage/store.js';
import { planAccounts, type SeedAccount, type SeedUser } from './accounts.js';
import { buildFeaturePool, type FeaturePool } from './feature-pool.js';
import { CSAT_COMMENTS, NPS_COMMENTS, PAGES } from './names.js';
import { createRng, deriveSeed, type Rng } from './prng.js';

export interface SeedOptions {
  /** Number of customer accounts (default 40). */
  accounts: number;
  /** Days of history, ending yesterday (default 90). */
  days: number;
  /** PRNG seed: the same seed (and day) gives the same data. */
  seed: number;
  /** Current time in ms (default now); the history ends on the UTC day before it. */
  now?: number;
}

export interface SeedPlan {
  accounts: SeedAccount[];
  pool: FeaturePool;
  /** UTC day number of day index 0. */
  firstDay: number;
  days: number;
}

type Traits = Record<string, unknown>;
type SurveyRef = Pick<SurveyConfig, 'id' | 'kind'> & { accountTraits: Record<string, unknown[]> | null };

const HOUR = 3_600_000;
const ORIGIN = 'http://localhost:8787';
const LIBRARY = { name: 'uptake-seed', version: '1' };
const PAGE_WEIGHTS = [0.55, 0.2, 0.17, 0.08];

/** The survey seeded answers belong to: the project's active survey of that kind, else a stand-in id. */
function surveyOf(project: ProjectConfig, kind: 'nps' | 'csat'): SurveyRef {
  const survey = project.surveys.find((s) => s.kind === kind && s.active) ?? project.surveys.find((s) => s.kind === kind);
  return { id: survey?.id ?? kind, kind, accountTraits: survey?.targeting.accountTraits ?? null };
}

function targets(survey: SurveyRef, traits: Traits): boolean {
  if (!survey.accountTraits) return true;
  return Object.entries(survey.accountTraits).every(([key, allowed]) => allowed.includes(traits[key] as never));
}

/**
 * Plans the seeded accounts for a project.
 * @example seedPlan(project, { accounts: 40, days: 90, seed: 1 }).accounts.length // 40
 */
export function seedPlan(project: ProjectConfig, options: SeedOptions): SeedPlan {
  const pool = buildFeaturePool(project);
  const today = Math.floor((options.now ?? Date.now()) / DAY_MS);
  return { accounts: planAccounts(pool, options), pool, firstDay: today - options.days, days: options.days };
}

/**
 * Yields each seeded day's events, sorted by time. Deterministic from (seed, accounts, days, day of `now`).
 * @example for (const events of seedEventDays(project, plan, 1)) await store.ingest(project.id, events)
 */
export function* seedEventDays(project: ProjectConfig, plan: SeedPlan, seed: number): Generator<NormalizedEvent[]> {
  const { accounts, pool, firstDay, days } = plan;
  const tag = `seed${seed}-${accounts.length}x${days}`;
  const nps = surveyOf(project, 'nps');
  const csat = surveyOf(project, 'csat');
  let counter = 0;
  let sessionCounter = 0;
  const seen = new Set<string>();
  const surveyed = new Set<string>();
  const rngs = accounts.map((a) => createRng(deriveSeed(seed, 100_000 + a.index)));
  const traits = new Map<string, Traits>();
  for (const a of accounts) {
    const createdAt = new Date((firstDay + a.startDay) * DAY_MS + 5 * HOUR).toISOString();
    traits.set(a.accountId, { name: a.name, plan: a.plan, seats: a.seats, mrr: a.mrr, industry: a.industry, createdAt });
  }

  for (let d = 0; d < days; d++) {
    const dayStart = (firstDay + d) * DAY_MS;
    const weekday = (firstDay + d + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    const weekend = weekday === 0 || weekday === 6;
    const out: NormalizedEvent[] = [];

    /** Builds the wire event the SDK would send and normalises it exactly as `POST /v1/batch` does. */
    const emit = (user: SeedUser, account: SeedAccount, type: WireEvent['type'], ts: number, fields: Partial<WireEvent>, sessionId: string, path: string) => {
      const page = PAGES.find((p) => p.path === path) ?? PAGES[0];
      const at = Math.round(ts);
      const wire: WireEvent = {
        type,
        messageId: `${tag}-${(counter++).toString(36)}`,
        timestamp: new Date(at).toISOString(),
        userId: user.userId,
        anonymousId: user.anonymousId,
        groupId: account.accountId,
        context: { library: LIBRARY, sessionId, page: { path: page.path, url: ORIGIN + page.path, title: `${page.name} · Ledgerly` } },
        ...fields,
      };
      const result = normalizeEvent(wire, { receivedAt: at, sentAt: null });
      if (!result.ok) throw new Error(`seed produced an invalid event (${result.reason}): ${JSON.stringify(wire)}`);
      out.push(result.event);
    };

    for (const account of accounts) {
      if (d < account.startDay) continue;
      const rng = rngs[account.index];
      const accountTraits = traits.get(account.accountId)!;
      const conversion = account.conversion;
      if (conversion && conversion.day === d) {
        Object.assign(accountTraits, { plan: conversion.plan, seats: conversion.seats, mrr: conversion.mrr });
        const admin = account.users[0];
        emit(admin, account, 'group', dayStart + 8 * HOUR, { traits: { ...accountTraits } }, `ses-${tag}-${++sessionCounter}`, PAGES[3].path);
      }
      if (d >= account.stopDay) continue;
      const dayFactor = weekend ? 0.12 : rng.between(0.85, 1.12);
      for (const user of account.users) {
        if (d < user.startDay || d >= user.stopDay) continue;
        const firstVisit = !seen.has(user.userId);
        if (!firstVisit && !rng.chance(Math.min(1, user.activity * dayFactor))) continue;
        seen.add(user.userId);
        const sessions = 1 + (rng.chance(0.3) ? 1 : 0) + (rng.chance(0.08) ? 1 : 0);
        const starts: number[] = [];
        for (let s = 0; s < sessions; s++) starts.push(Math.max(5, Math.min(21.5, account.hourCenter + rng.normal() * 2.4)));
        starts.sort((a, b) => a - b);
        for (let s = 1; s < starts.length; s++) starts[s] = Math.max(starts[s], starts[s - 1] + 1.2);
        starts.forEach((hour, s) => {
          if (hour > 22) return;
          const sessionId = `ses-${tag}-${++sessionCounter}`;
          let t = dayStart + hour * HOUR + rng.int(0, 59_999);
          let path: string = PAGES[0].path;
          const page = (name: string, p: string) => {
            path = p;
            emit(user, account, 'page', t, { name, properties: { path: p, url: ORIGIN + p, title: `${name} · Ledgerly` } }, sessionId, path);
          };
          if (firstVisit && s === 0) {
            emit(user, account, 'identify', t, { traits: { email: user.email, name: user.name, role: user.role, createdAt: new Date(t).toISOString() } }, sessionId, path);
            emit(user, account, 'group', t + 400, { traits: { ...accountTraits } }, sessionId, path);
            t += 1000;
          }
          const landing = PAGES[rng.weightedIndex(PAGE_WEIGHTS)];
          page(landing.name, landing.path);
          const actions = Math.max(1, Math.round(user.actionsPerSession * rng.between(0.5, 1.5)));
          for (let a = 0; a < actions; a++) {
            t += rng.between(20, 240) * 1000;
            if (rng.chance(0.3)) {
              const next = PAGES[rng.weightedIndex(PAGE_WEIGHTS)];
              page(next.name, next.path);
              t += rng.between(5, 20) * 1000;
            }
            if (user.featureWeights.some((w) => w > 0)) {
              const feature = pool.features[rng.weightedIndex(user.featureWeights)];
              emit(user, account, 'track', t, { event: feature.event, properties: {} }, sessionId, path);
            } else {
              const next = PAGES[rng.weightedIndex(PAGE_WEIGHTS)];
              page(next.name, next.path);
            }
          }
          // Admins invite colleagues when the account starts, and now and then afterwards.
          const referral = pool.referralEvents.find((e) => account.archetype !== 'no_core' || !pool.coreEvents.has(e));
          if (referral && user.role === 'admin' && ((d === account.startDay && s === 0) || rng.chance(0.05))) {
            const invites = d === account.startDay ? Math.min(3, account.users.length - 1) : 1;
            for (let i = 0; i < invites; i++) {
              t += rng.between(15, 60) * 1000;
              emit(user, account, 'track', t, { event: referral, properties: { role: 'member' } }, sessionId, PAGES[3].path);
            }
          }
          if (s === starts.length - 1 || starts[s + 1] > 22) t = surveys(rng, user, account, accountTraits, d, t, (type, ts, fields) => emit(user, account, type, ts, fields, sessionId, path));
        });
      }
    }

    out.sort((a, b) => a.timestamp - b.timestamp);
    yield out;
  }

  /** Asks a user whose NPS or CSAT survey is due; returns the time after the last survey event. */
  function surveys(rng: Rng, user: SeedUser, account: SeedAccount, accountTraits: Traits, d: number, t: number, emit: (type: 'track', ts: number, fields: Partial<WireEvent>) => void): number {
    const npsKey = `${user.userId}:nps`;
    const csatKey = `${user.userId}:csat`;
    const due = user.npsDay !== null && d >= user.npsDay && !surveyed.has(npsKey) ? 'nps' : user.csatDay !== null && d >= user.csatDay && !surveyed.has(csatKey) ? 'csat' : null;
    if (!due) return t;
    surveyed.add(due === 'nps' ? npsKey : csatKey);
    const survey = due === 'nps' ? nps : csat;
    const detractorAdmin = account.archetype === 'detractor' && user.role === 'admin' && due === 'nps';
    if (!detractorAdmin && account.archetype !== 'detractor' && !targets(survey, accountTraits)) return t;
    const responseId = `resp-${tag}-${++counter}`;
    const base = { surveyId: survey.id, kind: survey.kind, responseId };
    t += rng.between(2, 10) * 1000;
    emit('track', t, { event: '$survey_shown', properties: { ...base } });
    const answers = detractorAdmin || rng.chance(account.archetype === 'detractor' ? 0.95 : 0.68);
    if (!answers) {
      emit('track', t + rng.between(3, 15) * 1000, { event: '$survey_dismissed', properties: { ...base } });
      return t + 15_000;
    }
    const lean = account.npsMean + user.sentimentShift;
    let score: number;
    let comments: readonly string[];
    if (due === 'nps') {
      score = Math.round(Math.max(0, Math.min(account.maxScore, lean + rng.normal() * 1.4)));
      if (detractorAdmin) score = Math.min(score, 4);
      comments = score <= 6 ? NPS_COMMENTS.detractor : score <= 8 ? NPS_COMMENTS.passive : NPS_COMMENTS.promoter;
    } else {
      score = Math.round(Math.max(1, Math.min(5, 1 + (4 * Math.max(0, Math.min(10, lean))) / 10 + rng.normal() * 0.8)));
      comments = score <= 2 ? CSAT_COMMENTS.low : score === 3 ? CSAT_COMMENTS.mid : CSAT_COMMENTS.high;
    }
    // Like the widget: the score is sent when picked, then again with the comment.
    t += rng.between(4, 25) * 1000;
    emit('track', t, { event: '$survey_answered', properties: { ...base, score } });
    if (rng.chance(score <= 6 && due === 'nps' ? 0.6 : 0.4)) {
      t += rng.between(20, 120) * 1000;
      emit('track', t, { event: '$survey_answered', properties: { ...base, score, comment: rng.pick(comments) } });
    }
    return t;
  }
}
