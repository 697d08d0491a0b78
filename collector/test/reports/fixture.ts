// A small hand-computed dataset for the reports: events to send through POST /v1/batch, the config
// they are read with, and every expected number with its arithmetic in comments.
//
// Window W = [2026-03-02, 2026-03-09) (7 days, Monday to Monday); previous window P = [2026-02-23, 2026-03-02).
// Accounts: acme (pro, 10 seats, mrr 1000, active in P and W, usage drop), beta (new in W, trial → pro,
// no seats, activation), delta (new in W, free, no mrr, no responses, no core feature), gamma (active in P
// only: churned). Users: alice, bob (acme), carol (acme, P only), dan (beta), dora + anon-dee (delta),
// gus (gamma), anon-xavier (no account). alice answers NPS twice; only her latest (9) counts.
import type { WireEvent } from './fixture-types.js';

export const FIXTURE_CONFIG = {
  projects: [
    {
      id: 'fx', name: 'Fixture SaaS', writeKey: 'wk_fixture', secretKey: 'sk_fixture_secret',
      features: [
        { key: 'reports', name: 'Reports', events: ['Report Created', 'Report Exported'], core: true },
        { key: 'dashboards', name: 'Dashboards', events: ['Dashboard Viewed'], core: true },
        { key: 'alerts', name: 'Alerts', events: ['Alert Set'] },
      ],
      activation: { events: ['Report Exported'] },
      referral: { events: ['User Invited'] },
      monthlyAcquisitionSpend: 3000,
      surveys: [
        { id: 'nps-q1', kind: 'nps', question: 'How likely are you to recommend us?' },
        { id: 'csat-q1', kind: 'csat', question: 'How satisfied are you?' },
      ],
    },
  ],
};

export const WINDOW = { from: '2026-03-02', to: '2026-03-09' };
/** The collector's pinned clock: every event is in its past. Default window: 2026-02-09 … 2026-03-11. */
export const NOW = Date.parse('2026-03-10T12:00:00Z');

let seq = 0;
function ev(type: WireEvent['type'], who: string, ts: string, extra: Partial<WireEvent> = {}): WireEvent {
  seq++;
  const id = who.startsWith('anon-') ? { anonymousId: who } : { userId: who };
  return { type, messageId: `fx-${String(seq).padStart(3, '0')}`, timestamp: `2026-${ts}Z`, ...id, ...extra };
}
const track = (who: string, ts: string, event: string, groupId: string | undefined, extra: Partial<WireEvent> = {}) =>
  ev('track', who, ts, { event, ...(groupId ? { groupId } : {}), ...extra });
const session = (sessionId: string) => ({ context: { sessionId } });
const survey = (kind: string, surveyId: string, surveyKind: string, responseId?: string, score?: number, comment?: string) => ({
  properties: { surveyId, kind: surveyKind, ...(responseId ? { responseId } : {}), ...(score !== undefined ? { score } : {}), ...(comment ? { comment } : {}) },
  event: `$survey_${kind}`,
});

/** Events of the previous window P (sent as the first batch). */
export const PREVIOUS_EVENTS: WireEvent[] = [
  ev('group', 'alice', '02-20T09:00:00', { groupId: 'acme', traits: { name: 'Acme', plan: 'pro', seats: 10, mrr: 1000, createdAt: '2026-02-01T00:00:00Z' } }),
  ev('identify', 'alice', '02-20T09:01:00', { groupId: 'acme', traits: { name: 'Alice', email: 'alice@acme.test', role: 'admin' } }),
  ev('identify', 'bob', '02-24T10:59:00', { groupId: 'acme', traits: { name: 'Bob', email: 'bob@acme.test', role: 'analyst' } }),
  track('alice', '02-24T10:00:00', 'Report Created', 'acme'),
  track('bob', '02-24T11:00:00', 'Dashboard Viewed', 'acme'),
  ev('page', 'carol', '02-25T10:00:00', { groupId: 'acme', name: 'Home' }),
  ev('group', 'gus', '02-25T12:00:00', { groupId: 'gamma', traits: { name: 'Gamma', plan: 'pro', seats: 5, mrr: 300 } }),
  track('gus', '02-25T12:01:00', 'Report Created', 'gamma'),
];

/** Events of the window W (the second batch). */
export const WINDOW_EVENTS: WireEvent[] = [
  // acme
  track('alice', '03-02T09:00:00', 'Report Created', 'acme', session('s-alice-1')),
  track('alice', '03-02T09:10:00', 'Report Exported', 'acme', session('s-alice-1')), // acme's first activation
  track('bob', '03-03T14:00:00', 'Dashboard Viewed', 'acme'), // no sessionId: implicit session …
  ev('page', 'bob', '03-03T14:20:00', { groupId: 'acme', name: 'Reports' }), // … 20 minutes long
  track('alice', '03-04T09:00:00', 'User Invited', 'acme', session('s-alice-2')), // referral; session of one event
  track('alice', '03-04T09:30:00', '', 'acme', survey('shown', 'nps-q1', 'nps')),
  track('alice', '03-04T09:31:00', '', 'acme', survey('answered', 'nps-q1', 'nps', 'r-alice-1', 3, 'Too slow')), // superseded
  track('bob', '03-05T10:00:00', '', 'acme', survey('shown', 'nps-q1', 'nps')),
  track('bob', '03-05T10:01:00', '', 'acme', survey('answered', 'nps-q1', 'nps', 'r-bob-1', 7, 'Exports are slow')),
  track('bob', '03-05T10:04:00', '', 'acme', survey('shown', 'csat-q1', 'csat')),
  track('bob', '03-05T10:05:00', '', 'acme', survey('answered', 'csat-q1', 'csat', 'r-bob-2', 4)),
  track('alice', '03-06T10:00:00', '', 'acme', survey('answered', 'nps-q1', 'nps', 'r-alice-2', 9, 'Much better now')), // counts
  // beta
  ev('group', 'dan', '03-03T08:00:00', { groupId: 'beta', traits: { name: 'Beta', plan: 'trial' } }),
  ev('identify', 'dan', '03-03T08:05:00', { groupId: 'beta', traits: { name: 'Dan', email: 'dan@beta.test', role: 'owner' } }),
  track('dan', '03-03T08:10:00', 'Report Created', 'beta', session('s-dan-1')),
  track('dan', '03-03T08:40:00', 'Report Exported', 'beta', session('s-dan-1')), // activation, 40 minutes after first seen
  ev('group', 'dan', '03-05T12:00:00', { groupId: 'beta', traits: { plan: 'pro', mrr: 500 } }), // trial → pro
  track('dan', '03-05T12:01:00', 'Alert Set', 'beta', session('s-dan-2')),
  track('dan', '03-05T12:02:00', '', 'beta', survey('shown', 'csat-q1', 'csat')),
  track('dan', '03-05T12:03:00', '', 'beta', survey('answered', 'csat-q1', 'csat', 'r-dan-1', 2, 'Setup was confusing')),
  // delta (name needs CSV quoting and the formula guard)
  ev('group', 'dora', '03-06T09:00:00', { groupId: 'delta', traits: { name: '@Delta, Inc.', plan: 'free', seats: 4 } }),
  track('dora', '03-06T09:01:00', 'Chart Shared', 'delta'),
  track('dora', '03-06T09:02:00', '', 'delta', survey('shown', 'nps-q1', 'nps')),
  track('dora', '03-06T09:03:00', '', 'delta', survey('dismissed', 'nps-q1', 'nps')),
  ev('page', 'anon-dee', '03-07T15:00:00', { groupId: 'delta', name: 'Home' }),
  ev('page', 'anon-dee', '03-07T15:45:00', { groupId: 'delta', name: 'Home' }), // 45 min later: a second session
  // a visitor of no account
  ev('page', 'anon-xavier', '03-08T20:00:00', { name: 'Pricing' }),
  track('anon-xavier', '03-08T20:01:00', '', undefined, survey('shown', 'nps-q1', 'nps')),
  track('anon-xavier', '03-08T20:02:00', '', undefined, survey('answered', 'nps-q1', 'nps', 'r-x-1', 10)),
];

const t = (iso: string) => Date.parse(`2026-${iso}Z`);

// ---- acme: active users alice, bob (P had alice, bob, carol) --------------------------------------
// DAU: 03-02 alice, 03-03 bob, 03-04 alice → Σ 3; stickiness = 3 / 7 days / 2 users = 3/14
// features: alice reports + User Invited (2), bob dashboards (1) → depth 1.5; core {reports, dashboards} both → breadth 1
// sessions: alice s-alice-1 (10 min), s-alice-2 (0), bob implicit 14:00–14:20 (20 min) → 3, 30 min
// NPS: alice 9 (latest), bob 7 → (1 − 0) / 2 = 50; CSAT: bob 4 → 100; responses 3
// health parts: breadth 1, seats min(2/10, 1) = 0.2, stickiness (3/14)/0.5 = 3/7, nps (50 + 100)/200 = 0.75
// health = 100 × (0.35·1 + 0.2·0.2 + 0.15·3/7 + 0.3·0.75) = 100 × (0.35 + 0.04 + 0.45/7 + 0.225)
// time to value: createdAt 02-01T00:00 (before first event 02-20T09:00) → 03-02T09:10 = 29 days 9 h 10 min
// risks: 2 active users ≤ 0.7 × 3 → usage_drop; 0.2 < 0.3 → low_seat_utilization
export const ACME = {
  accountId: 'acme', name: 'Acme', plan: 'pro', seats: 10, mrr: 1000, activeUsers: 2,
  seatUtilization: 0.2, breadth: 1, depth: 1.5, stickiness: 3 / 14,
  timeToValueHours: 29 * 24 + 9 + 10 / 60,
  nps: 50, csat: 100, responses: 3,
  health: 100 * (0.35 + 0.04 + 0.45 / 7 + 0.225),
  healthParts: { breadth: 1, seatUtilization: 0.2, stickiness: 3 / 7, nps: 0.75 },
  risks: ['usage_drop', 'low_seat_utilization'],
  lastSeen: '2026-03-04T09:00:00.000Z', // alice's User Invited (survey answers are not activity)
  sessions: 3, sessionsPerUserPerWeek: 3 / 2 / (7 / 7), avgSessionMinutes: 30 / 3,
  referralRate: 1 / 2, // alice invited, bob did not
};

// ---- beta: dan; DAU 03-03, 03-05 → stickiness 2/7/1; reports + alerts → breadth 1/2, depth 2 ---------
// sessions s-dan-1 (30 min), s-dan-2 (0) → 2; no seats → seat part null; no NPS → nps part null
// health = 100 × (0.35·0.5 + 0.15·min((2/7)/0.5, 1)) / (0.35 + 0.15)
export const BETA = {
  accountId: 'beta', name: 'Beta', plan: 'pro', seats: null, mrr: 500, activeUsers: 1,
  seatUtilization: null, breadth: 0.5, depth: 2, stickiness: 2 / 7,
  timeToValueHours: 40 / 60,
  nps: null, csat: 0, responses: 1,
  health: (100 * (0.35 * 0.5 + 0.15 * (4 / 7))) / 0.5,
  healthParts: { breadth: 0.5, seatUtilization: null, stickiness: 4 / 7, nps: null },
  risks: [],
  lastSeen: '2026-03-05T12:01:00.000Z',
  sessions: 2, sessionsPerUserPerWeek: 2, avgSessionMinutes: 15,
  referralRate: 0,
};

// ---- delta: dora, anon-dee; DAU 03-06, 03-07 → stickiness 2/7/2 = 1/7; Chart Shared only → breadth 0 -
// depth (1 + 0)/2; seats 2/4; sessions: dora 1, anon-dee 2 (45 min apart), all 0 min long
// health = 100 × (0.35·0 + 0.2·0.5 + 0.15·(1/7)/0.5) / (0.35 + 0.2 + 0.15) = 100 × (1/7) / 0.7 = 1000/49
export const DELTA = {
  accountId: 'delta', name: '@Delta, Inc.', plan: 'free', seats: 4, mrr: null, activeUsers: 2,
  seatUtilization: 0.5, breadth: 0, depth: 0.5, stickiness: 1 / 7,
  timeToValueHours: null,
  nps: null, csat: null, responses: 0,
  health: 1000 / 49,
  healthParts: { breadth: 0, seatUtilization: 0.5, stickiness: 2 / 7, nps: null },
  risks: ['no_core_adoption'],
  lastSeen: '2026-03-07T15:45:00.000Z',
  sessions: 3, sessionsPerUserPerWeek: 1.5, avgSessionMinutes: 0,
  referralRate: 0,
};

// ---- overview ---------------------------------------------------------------------------------------
// active users: alice, bob, dan, dora, anon-dee, anon-xavier = 6; active accounts acme, beta, delta = 3
// NPS: alice 9, bob 7, anon-xavier 10 → 2 promoters, 1 passive → 100 × 2/3; CSAT: bob 4, dan 2 → 50, mean 3
// response rate: shown pairs alice/nps, bob/nps, bob/csat, dan/csat, dora/nps, xavier/nps = 6; answered 5
// new accounts: beta, delta; beta activated in W → 1/2; CAC = 3000 × 7/30 / 2 = 350
// churn: P active {acme, gamma}, gamma gone → 1, 1/2, mrr 300
// conversion: eligible beta (first plan trial), delta (first plan free); beta moved to pro → 1/2
// MRR: acme 1000 + beta 500 = 1500 over 2 accounts with 2 + 1 users → ARPA 750, ARPU 500
// MRR at risk: acme (usage_drop, low seats) 1000; delta has a risk but no mrr
// LTV = 750 / (1 − (1 − 0.5)^(30/7)); LTV:CAC = LTV / 350
// sessions 3 + 2 + 3 + 1 (xavier) = 9, 60 minutes → 6.67 min; 9 / 6 users / 1 week = 1.5
// referral: alice of 6 active users; health: acme 67.9 and beta 52.1 neutral, delta 20.4 at risk
const LTV = 750 / (1 - 0.5 ** (30 / 7));
export const OVERVIEW = {
  from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z',
  activeAccounts: 3, activeUsers: 6,
  nps: { score: 200 / 3, promoters: 2, passives: 1, detractors: 0, responses: 3 },
  csat: { score: 50, mean: 3, responses: 2 },
  revenueWeightedNps: 50, // only acme has NPS responses and mrr
  responseRate: 5 / 6,
  healthDistribution: { healthy: 0, neutral: 2, atRisk: 1, unknown: 0 },
  newAccounts: 2, activationRate: 0.5,
  churnedAccounts: 1, churnedAccountIds: ['gamma'], churnRate: 0.5, mrrChurned: 300,
  conversionRate: 0.5, mrrAtRisk: 1000, mrr: 1500, arpa: 750, arpu: 500,
  ltv: LTV, cac: 350, ltvToCac: LTV / 350,
  sessions: 9, sessionsPerUserPerWeek: 1.5, avgSessionMinutes: 60 / 9,
  referralRate: 1 / 6,
};

// ---- features: reports used in acme (alice, 2 events) and beta (dan, 2 events) ---------------------
// adoption rates: accounts / 3 active accounts, users / 6 active users; ties broken by key (code points)
const feature = (key: string, name: string, core: boolean, accounts: number, users: number, events: number) => ({
  key, name, core, accountsAdopted: accounts, accountAdoptionRate: accounts / 3, usersUsed: users, userAdoptionRate: users / 6, events,
});
export const FEATURES = [
  feature('reports', 'Reports', true, 2, 2, 4),
  feature('Chart Shared', 'Chart Shared', false, 1, 1, 1),
  feature('User Invited', 'User Invited', false, 1, 1, 1),
  feature('alerts', 'Alerts', false, 1, 1, 1),
  feature('dashboards', 'Dashboards', true, 1, 1, 1),
];

// ---- account page of acme ----------------------------------------------------------------------------
export const ACME_FEATURES = [
  { key: 'reports', name: 'Reports', core: true, users: 1, adopted: true, firstUsed: '2026-03-02T09:00:00.000Z', lastUsed: '2026-03-02T09:10:00.000Z', events: 2 },
  { key: 'User Invited', name: 'User Invited', core: false, users: 1, adopted: true, firstUsed: '2026-03-04T09:00:00.000Z', lastUsed: '2026-03-04T09:00:00.000Z', events: 1 },
  { key: 'dashboards', name: 'Dashboards', core: true, users: 1, adopted: true, firstUsed: '2026-03-03T14:00:00.000Z', lastUsed: '2026-03-03T14:00:00.000Z', events: 1 },
  { key: 'Chart Shared', name: 'Chart Shared', core: false, users: 0, adopted: false, firstUsed: null, lastUsed: null, events: 0 },
  { key: 'alerts', name: 'Alerts', core: false, users: 0, adopted: false, firstUsed: null, lastUsed: null, events: 0 },
];
export const ACME_USERS = [
  { userId: 'alice', identified: true, name: 'Alice', email: 'alice@acme.test', role: 'admin', lastSeen: '2026-03-04T09:00:00.000Z', events: 3, activeDays: 2, features: 2 },
  { userId: 'bob', identified: true, name: 'Bob', email: 'bob@acme.test', role: 'analyst', lastSeen: '2026-03-03T14:20:00.000Z', events: 2, activeDays: 1, features: 1 },
];
export const ACME_TREND = [
  { week: '2026-03-02T00:00:00.000Z', nps: { score: 50, promoters: 1, passives: 1, detractors: 0, responses: 2 }, csat: { score: 100, mean: 4, responses: 1 } },
];
const verbatim = (surveyId: string, kind: string, score: number, comment: string, userId: string, accountId: string | null, accountName: string | null, ts: string) => ({
  surveyId, kind, score, comment, userId, accountId, accountName, timestamp: new Date(t(ts)).toISOString(),
});
// Newest first; alice's superseded "Too slow" is not a counted answer, so not a verbatim.
export const VERBATIMS = [
  verbatim('nps-q1', 'nps', 9, 'Much better now', 'alice', 'acme', 'Acme', '03-06T10:00:00'),
  verbatim('csat-q1', 'csat', 2, 'Setup was confusing', 'dan', 'beta', 'Beta', '03-05T12:03:00'),
  verbatim('nps-q1', 'nps', 7, 'Exports are slow', 'bob', 'acme', 'Acme', '03-05T10:01:00'),
];

// ---- satisfaction ------------------------------------------------------------------------------------
export const SATISFACTION_BY_ACCOUNT = [
  { accountId: 'acme', name: 'Acme', plan: 'pro', mrr: 1000, nps: 50, npsResponses: 2, csat: 100, csatResponses: 1, responses: 3, responseRate: 1 },
  { accountId: 'beta', name: 'Beta', plan: 'pro', mrr: 500, nps: null, npsResponses: 0, csat: 0, csatResponses: 1, responses: 1, responseRate: 1 },
  { accountId: 'delta', name: '@Delta, Inc.', plan: 'free', mrr: null, nps: null, npsResponses: 0, csat: null, csatResponses: 0, responses: 0, responseRate: 0 },
];
// by current plan: acme + beta are pro (NPS 9, 7 → 50; CSAT 4, 2 → 50), delta is free
export const SATISFACTION_BY_PLAN = [
  { plan: 'free', accounts: 1, nps: null, npsResponses: 0, csat: null, csatResponses: 0, responses: 0 },
  { plan: 'pro', accounts: 2, nps: 50, npsResponses: 2, csat: 50, csatResponses: 2, responses: 4 },
];
// nps-q1 only: NPS as overall; CSAT empty; shown pairs alice, bob, dora, xavier → 3 answered of 4
export const NPS_Q1 = { nps: OVERVIEW.nps, csat: { score: null, mean: null, responses: 0 }, responseRate: 3 / 4, revenueWeightedNps: 50 };

// ---- retention over [2026-02-16, 2026-03-09): cohorts by first-seen Monday ---------------------------
// acme first seen 02-20 (group call, not activity) → cohort 02-16, active weeks 02-23 and 03-02
// gamma first seen 02-25 → cohort 02-23, active that week only; beta, delta → cohort 03-02, both active
const week = (i: number, start: string, active: number, size: number) => ({ week: i, start: `2026-${start}T00:00:00.000Z`, activeAccounts: active, share: active / size });
export const RETENTION = {
  from: '2026-02-16T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z', period: 'week',
  cohorts: [
    { cohort: '2026-02-16T00:00:00.000Z', accounts: 1, weeks: [week(0, '02-16', 0, 1), week(1, '02-23', 1, 1), week(2, '03-02', 1, 1)] },
    { cohort: '2026-02-23T00:00:00.000Z', accounts: 1, weeks: [week(0, '02-23', 1, 1), week(1, '03-02', 0, 1)] },
    { cohort: '2026-03-02T00:00:00.000Z', accounts: 2, weeks: [week(0, '03-02', 2, 2)] },
  ],
};

