// A deterministic generator of realistic B2B product events (accounts with seats, plans, trials that
// convert, churn, users with and without sessionIds, surveys answered twice, anonymous visitors),
// as NormalizedEvents ready for `store.ingest`. Used by the recomputation test and the p95 script.
import type { NormalizedEvent } from '../../src/storage/store.js';
import { createRng } from '../../src/seed/prng.js';

const DAY = 86_400_000;
const MIN = 60_000;

export const GENERATED_CONFIG = {
  projects: [
    {
      id: 'gen', name: 'Generated SaaS', writeKey: 'wk_gen', secretKey: 'sk_gen_secret',
      features: [
        { key: 'reports', name: 'Reports', events: ['Report Created', 'Report Exported'], core: true },
        { key: 'dashboards', name: 'Dashboards', events: ['Dashboard Viewed', 'Dashboard Shared'], core: true },
        { key: 'alerts', name: 'Alerts', events: ['Alert Set'], core: true },
        { key: 'integrations', name: 'Integrations', events: ['Integration Connected'] },
      ],
      activation: { events: ['Report Exported'] },
      referral: { events: ['User Invited'] },
      monthlyAcquisitionSpend: 20000,
      surveys: [
        { id: 'nps-gen', kind: 'nps', question: 'Recommend us?' },
        { id: 'csat-gen', kind: 'csat', question: 'Satisfied?' },
      ],
    },
  ],
};

const FEATURE_EVENTS = [
  'Report Created', 'Report Created', 'Report Exported', 'Dashboard Viewed', 'Dashboard Viewed', 'Dashboard Shared', 'Alert Set',
  'Integration Connected', 'User Invited', 'Filter Applied', 'Filter Applied', 'Comment Added', 'Chart Shared',
];
const PLANS = ['trial', 'trial', 'free', 'pro', 'pro', 'enterprise'];

export interface DatasetOptions {
  seed: number;
  accounts: number;
  /** Mean users per account. */
  usersPerAccount: number;
  days: number;
  /** First day (ms at UTC midnight). */
  start: number;
  /** Scales events per session (1 = about 6). */
  intensity?: number;
}

/** Uniform floats in [0, 1) from the seed generator's mulberry32. */
const rng = (seed: number): (() => number) => createRng(seed).next;

interface GenUser { userId: string | null; anonymousId: string; account: number | null; switchTo: number | null; switchDay: number; p: number; sdk: boolean; identified: boolean }

/**
 * Yields the events day by day, each day's events in time order.
 * @example for (const batch of chunk(generateEvents(opts), 1000)) await store.ingest('gen', batch)
 */
export function* generateEvents(opts: DatasetOptions): Generator<NormalizedEvent> {
  const r = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const intensity = opts.intensity ?? 1;
  let seq = 0;
  const accounts = Array.from({ length: opts.accounts }, (_, i) => {
    const plan = pick(PLANS);
    const startDay = Math.floor(r() * opts.days * 0.85);
    const churnDay = r() < 0.2 ? startDay + 5 + Math.floor(r() * opts.days * 0.5) : Infinity;
    const convertDay = plan === 'trial' || plan === 'free' ? (r() < 0.5 ? startDay + 3 + Math.floor(r() * 20) : Infinity) : Infinity;
    return {
      id: `acc-${String(i).padStart(4, '0')}`, plan, startDay, churnDay, convertDay,
      seats: r() < 0.7 ? 5 + Math.floor(r() * 40) : null,
      mrr: plan === 'trial' || plan === 'free' ? null : r() < 0.8 ? 100 * (1 + Math.floor(r() * 30)) : null,
      createdAt: r() < 0.5 ? opts.start + (startDay - Math.floor(r() * 10)) * DAY : null,
      grouped: false,
    };
  });
  const users: GenUser[] = [];
  accounts.forEach((_, a) => {
    const n = 1 + Math.floor(r() * opts.usersPerAccount * 2);
    for (let j = 0; j < n; j++) {
      const switches = r() < 0.03;
      users.push({
        userId: `u-${a}-${j}`, anonymousId: `anon-${a}-${j}`, account: a, switchTo: switches ? Math.floor(r() * opts.accounts) : null,
        switchDay: Math.floor(r() * opts.days), p: 0.05 + r() * 0.6, sdk: r() < 0.75, identified: false,
      });
    }
  });
  for (let k = 0; k < Math.max(10, opts.accounts); k++) {
    users.push({ userId: null, anonymousId: `visitor-${k}`, account: null, switchTo: null, switchDay: 0, p: 0.1 + r() * 0.3, sdk: r() < 0.5, identified: true });
  }

  for (let day = 0; day < opts.days; day++) {
    const dayStart = opts.start + day * DAY;
    const weekend = new Date(dayStart).getUTCDay() % 6 === 0;
    const out: NormalizedEvent[] = [];
    const emit = (u: GenUser, ts: number, e: Partial<NormalizedEvent> & Pick<NormalizedEvent, 'type'>) => {
      out.push({
        messageId: `g-${opts.seed}-${++seq}`, event: null, userId: u.userId, anonymousId: u.anonymousId, userKey: u.userId ?? u.anonymousId,
        groupId: null, timestamp: ts, receivedAt: ts + 50, sessionId: null, properties: null, traits: null, context: null, ...e,
      });
    };
    for (const u of users) {
      const accountIndex = u.switchTo !== null && day >= u.switchDay ? u.switchTo : u.account;
      const acc = accountIndex === null ? null : accounts[accountIndex];
      if (acc && (day < acc.startDay || day >= acc.churnDay)) continue;
      if (r() > u.p * (weekend ? 0.3 : 1)) continue;
      let ts = dayStart + Math.floor(r() * 20 * 60) * MIN + Math.floor(r() * MIN);
      const sessionId = u.sdk ? `s-${u.anonymousId}-${day}-${Math.floor(r() * 1e6)}` : null;
      const ctx = (id: string | null) => (id ? { sessionId: id, context: { sessionId: id } } : {});
      // Most events name the account; some rely on the user's last group call (server libraries).
      const gid = () => (acc && r() < 0.9 ? acc.id : null);
      if (acc && !acc.grouped) {
        acc.grouped = true;
        emit(u, ts, { type: 'group', groupId: acc.id, traits: { name: `Account ${acc.id}`, plan: acc.plan, ...(acc.seats ? { seats: acc.seats } : {}), ...(acc.mrr !== null ? { mrr: acc.mrr } : {}), ...(acc.createdAt !== null ? { createdAt: new Date(acc.createdAt).toISOString() } : {}) } });
        ts += 1000;
      }
      if (acc && u.switchTo !== null && day === u.switchDay) {
        emit(u, ts, { type: 'group', groupId: acc.id });
        ts += 1000;
      }
      if (acc && day === acc.convertDay) {
        acc.convertDay = Infinity;
        acc.plan = 'pro';
        emit(u, ts, { type: 'group', groupId: acc.id, traits: { plan: 'pro', mrr: 100 * (1 + Math.floor(r() * 20)) } });
        ts += 1000;
      }
      if (!u.identified) {
        u.identified = true;
        emit(u, ts, { type: 'identify', groupId: gid(), traits: { name: `User ${u.userId}`, email: `${u.userId}@example.test`, role: pick(['admin', 'member', 'viewer']) } });
        ts += 1000;
      }
      const sessions = r() < 0.15 ? 2 : 1;
      for (let s = 0; s < sessions; s++) {
        const sid = sessionId && s > 0 ? `${sessionId}-b` : sessionId;
        const n = 1 + Math.floor(r() * 10 * intensity);
        for (let i = 0; i < n; i++) {
          const roll = r();
          if (roll < 0.3) emit(u, ts, { type: 'page', event: pick(['Home', 'Reports', 'Settings', null]), groupId: gid(), ...ctx(sid) });
          else if (roll < 0.31) emit(u, ts, { type: 'track', event: '$queue_dropped', groupId: gid(), properties: { count: 3 }, ...ctx(sid) });
          else emit(u, ts, { type: 'track', event: pick(FEATURE_EVENTS), groupId: gid(), properties: { plan: acc?.plan ?? null }, ...ctx(sid) });
          ts += Math.floor(r() * (r() < 0.05 ? 50 : 20) * MIN) + 1;
        }
        ts += 35 * MIN;
      }
      if (r() < 0.04) {
        const nps = r() < 0.6;
        const surveyId = nps ? 'nps-gen' : 'csat-gen';
        const kind = nps ? 'nps' : 'csat';
        const score = () => (nps ? Math.floor(r() * 11) : 1 + Math.floor(r() * 5));
        const responseId = `resp-${seq}`;
        emit(u, ts, { type: 'track', event: '$survey_shown', groupId: gid(), properties: { surveyId, kind } });
        const roll = r();
        if (roll < 0.65) {
          const first = score();
          emit(u, ts + 1000, { type: 'track', event: '$survey_answered', groupId: gid(), properties: { surveyId, kind, responseId, score: first } });
          if (r() < 0.5) emit(u, ts + 9000, { type: 'track', event: '$survey_answered', groupId: gid(), properties: { surveyId, kind, responseId, score: first, comment: pick(['Love it', 'Too slow', '=cmd|calc', 'Needs SSO, please']) } });
          if (r() < 0.1) emit(u, ts + 60_000, { type: 'track', event: '$survey_answered', groupId: gid(), properties: { surveyId, kind, responseId: `${responseId}-2`, score: score() } });
        } else if (roll < 0.85) emit(u, ts + 1000, { type: 'track', event: '$survey_dismissed', groupId: gid(), properties: { surveyId, kind } });
      }
    }
    out.sort((a, b) => a.timestamp - b.timestamp);
    yield* out;
  }
}

/** Splits an iterable into arrays of `size`. */
export function* chunk<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
