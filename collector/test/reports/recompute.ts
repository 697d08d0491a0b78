// An independent, straightforward recomputation of the reports from raw events (`scanEvents`),
// written from SPEC §6 alone without the reports code, to check the rollup-based reports against.
import type { StoredEventRow } from '../../src/storage/store.js';

const DAY = 86_400_000;
const GAP = 30 * 60_000;

interface ProjectLike {
  features: { key: string; name: string; events: string[]; core?: boolean }[];
  activation: { events: string[] };
  referral: { events: string[] };
  surveys: { id: string; kind: 'nps' | 'csat' | 'ces' | 'choice' }[];
  trialPlans: string[];
  monthlyAcquisitionSpend?: number | null;
  healthWeights: { breadth: number; seatUtilization: number; stickiness: number; nps: number };
}

const isActivity = (e: StoredEventRow) => e.type === 'page' || (e.type === 'track' && e.event !== null && !e.event.startsWith('$survey_') && e.event !== '$queue_dropped');
const isFeature = (e: StoredEventRow) => e.type === 'track' && e.event !== null && !e.event.startsWith('$');
const div = (a: number, b: number) => (b > 0 ? a / b : null);
const monday = (ms: number) => { const d = Math.floor(ms / DAY); return d - (((d + 3) % 7) + 7) % 7; };
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** Facts of the whole history, independent of any window. */
export function recomputeHistory(events: StoredEventRow[], project: ProjectLike) {
  const accounts = new Map<string, { firstSeen: number; traits: Map<string, { v: unknown; ts: number }> }>();
  const firstActivation = new Map<string, number>();
  const planHistory = new Map<string, { plan: string; ts: number }[]>();
  for (const e of events) {
    if (e.accountId === null) continue;
    let a = accounts.get(e.accountId);
    if (!a) accounts.set(e.accountId, (a = { firstSeen: e.timestamp, traits: new Map() }));
    a.firstSeen = Math.min(a.firstSeen, e.timestamp);
    if (e.type === 'group' && e.traits) {
      for (const [k, v] of Object.entries(e.traits)) {
        const held = a.traits.get(k);
        if (!held || held.ts <= e.timestamp) a.traits.set(k, { v, ts: e.timestamp });
      }
      if (typeof e.traits.plan === 'string') {
        const list = planHistory.get(e.accountId) ?? [];
        list.push({ plan: e.traits.plan, ts: e.timestamp });
        planHistory.set(e.accountId, list);
      }
    }
    if (e.type === 'track' && e.event !== null && project.activation.events.includes(e.event)) {
      firstActivation.set(e.accountId, Math.min(firstActivation.get(e.accountId) ?? Infinity, e.timestamp));
    }
  }
  const info = new Map([...accounts].map(([id, a]) => {
    const t = (k: string) => a.traits.get(k)?.v;
    const createdAt = typeof t('createdAt') === 'string' ? Date.parse(t('createdAt') as string) : null;
    return [id, {
      firstSeen: a.firstSeen, name: (t('name') as string) ?? null, plan: (t('plan') as string) ?? null,
      seats: num(t('seats')), mrr: num(t('mrr')), createdAt: createdAt !== null && Number.isNaN(createdAt) ? null : createdAt,
    }];
  }));
  // Sessions: explicit by (user, sessionId); implicit runs of the user's other activity events < 30 min apart.
  const sessions: { userKey: string; accountId: string | null; start: number; end: number }[] = [];
  const explicit = new Map<string, { userKey: string; accountId: string | null; start: number; end: number }>();
  const implicit = new Map<string, StoredEventRow[]>();
  for (const e of events) {
    if (!isActivity(e)) continue;
    if (e.sessionId !== null) {
      const k = `${e.userKey}|${e.sessionId}`;
      const s = explicit.get(k);
      if (!s) explicit.set(k, { userKey: e.userKey, accountId: e.accountId, start: e.timestamp, end: e.timestamp });
      else {
        if (e.timestamp < s.start) { s.start = e.timestamp; s.accountId = e.accountId; }
        s.end = Math.max(s.end, e.timestamp);
      }
    } else {
      const list = implicit.get(e.userKey) ?? [];
      list.push(e);
      implicit.set(e.userKey, list);
    }
  }
  sessions.push(...explicit.values());
  for (const [userKey, list] of implicit) {
    list.sort((a, b) => a.timestamp - b.timestamp);
    let cur: (typeof sessions)[number] | null = null;
    for (const e of list) {
      if (cur && e.timestamp - cur.end < GAP) cur.end = e.timestamp;
      else sessions.push((cur = { userKey, accountId: e.accountId, start: e.timestamp, end: e.timestamp }));
    }
  }
  return { info, firstActivation, planHistory, sessions };
}

type History = ReturnType<typeof recomputeHistory>;

function answersIn(events: StoredEventRow[], project: ProjectLike, from: number, to: number) {
  const kinds = new Map(project.surveys.map((s) => [s.id, s.kind]));
  const latest = new Map<string, { userKey: string; accountId: string | null; surveyId: string; kind: string; score: number; ts: number }>();
  const shown = new Set<string>();
  const answered = new Set<string>();
  for (const e of events) {
    if (e.type !== 'track' || e.timestamp < from || e.timestamp >= to) continue;
    const surveyId = e.properties?.surveyId as string | undefined;
    if (!surveyId) continue;
    const pair = `${e.userKey}|${surveyId}`;
    if (e.event === '$survey_shown') shown.add(pair);
    if (e.event !== '$survey_answered') continue;
    answered.add(pair);
    const kind = kinds.get(surveyId) ?? (e.properties?.kind as string);
    const score = e.properties?.score as number;
    const held = latest.get(pair);
    if (!held || held.ts <= e.timestamp) latest.set(pair, { userKey: e.userKey, accountId: e.accountId, surveyId, kind, score, ts: e.timestamp });
  }
  return { answers: [...latest.values()], shown, answered };
}

function nps(scores: number[]) {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return { score: scores.length ? (100 * (promoters - detractors)) / scores.length : null, promoters, passives: scores.length - promoters - detractors, detractors, responses: scores.length };
}
function csat(scores: number[]) {
  return { score: scores.length ? (100 * scores.filter((s) => s >= 4).length) / scores.length : null, mean: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null, responses: scores.length };
}
function rate(shown: Set<string>, answered: Set<string>) {
  return div([...answered].filter((p) => shown.has(p)).length, shown.size);
}

/** Every report's numbers for the window [from, to) (UTC midnights). */
export function recomputeReports(events: StoredEventRow[], history: History, project: ProjectLike, from: number, to: number) {
  const days = (to - from) / DAY;
  const prevFrom = from - (to - from);
  const catalogNames = new Map<string, string[]>();
  for (const f of project.features) for (const ev of f.events) catalogNames.set(ev, [...(catalogNames.get(ev) ?? []), f.key]);
  const featureKeys = (name: string) => catalogNames.get(name) ?? [name];

  const activeUsers = new Set<string>();
  const accountUsers = new Map<string, Map<string, { events: number; days: Set<number>; lastSeen: number; features: Set<string> }>>();
  const prevAccountUsers = new Map<string, Set<string>>();
  const seenNames = new Set<string>();
  const featureUse = new Map<string, { users: Set<string>; accounts: Set<string>; events: number }>();
  const accountFeature = new Map<string, { users: Set<string>; events: number; first: number; last: number }>();
  const referrers = new Set<string>();
  const accountReferrers = new Map<string, Set<string>>();
  const accountWeeks = new Map<string, Set<number>>();
  for (const e of events) {
    if (!isActivity(e)) continue;
    if (e.accountId !== null && e.timestamp >= prevFrom && e.timestamp < from) {
      prevAccountUsers.set(e.accountId, (prevAccountUsers.get(e.accountId) ?? new Set()).add(e.userKey));
    }
    if (e.timestamp < from || e.timestamp >= to) continue;
    activeUsers.add(e.userKey);
    if (isFeature(e)) {
      seenNames.add(e.event!);
      if (project.referral.events.includes(e.event!)) {
        referrers.add(e.userKey);
        if (e.accountId !== null) accountReferrers.set(e.accountId, (accountReferrers.get(e.accountId) ?? new Set()).add(e.userKey));
      }
      for (const key of featureKeys(e.event!)) {
        const f = featureUse.get(key) ?? { users: new Set(), accounts: new Set(), events: 0 };
        f.users.add(e.userKey);
        f.events++;
        if (e.accountId !== null) f.accounts.add(e.accountId);
        featureUse.set(key, f);
        if (e.accountId !== null) {
          const k = `${e.accountId}|${key}`;
          const af = accountFeature.get(k) ?? { users: new Set(), events: 0, first: Infinity, last: -Infinity };
          af.users.add(e.userKey);
          af.events++;
          af.first = Math.min(af.first, e.timestamp);
          af.last = Math.max(af.last, e.timestamp);
          accountFeature.set(k, af);
        }
      }
    }
    if (e.accountId === null) continue;
    accountWeeks.set(e.accountId, (accountWeeks.get(e.accountId) ?? new Set()).add(monday(e.timestamp)));
    const users = accountUsers.get(e.accountId) ?? new Map();
    accountUsers.set(e.accountId, users);
    const u = users.get(e.userKey) ?? { events: 0, days: new Set(), lastSeen: -Infinity, features: new Set() };
    users.set(e.userKey, u);
    u.events++;
    u.days.add(Math.floor(e.timestamp / DAY));
    u.lastSeen = Math.max(u.lastSeen, e.timestamp);
    if (isFeature(e)) for (const key of featureKeys(e.event!)) u.features.add(key);
  }

  const catalogKeys = [...new Set(project.features.map((f) => f.key))];
  const allKeys = [...new Set([...catalogKeys, ...[...seenNames].flatMap(featureKeys)])];
  const markedCore = project.features.filter((f) => f.core).map((f) => f.key);
  const core = new Set(markedCore.length ? markedCore : catalogKeys.length ? catalogKeys : allKeys);

  const { answers, shown, answered } = answersIn(events, project, from, to);
  const sessionsIn = history.sessions.filter((s) => s.start >= from && s.start < to);

  const rows = [...accountUsers.keys()].sort().map((accountId) => {
    const info = history.info.get(accountId)!;
    const users = accountUsers.get(accountId)!;
    const n = users.size;
    const coreAdopted = [...core].filter((k) => accountFeature.has(`${accountId}|${k}`)).length;
    const breadth = div(coreAdopted, core.size);
    const seatUtilization = info.seats && info.seats > 0 ? n / info.seats : null;
    let userDays = 0;
    for (const u of users.values()) userDays += u.days.size;
    const stickiness = userDays / days / n;
    const mine = answers.filter((a) => a.accountId === accountId);
    const accountNps = nps(mine.filter((a) => a.kind === 'nps').map((a) => a.score));
    const accountCsat = csat(mine.filter((a) => a.kind === 'csat').map((a) => a.score));
    const parts = {
      breadth, seatUtilization: seatUtilization === null ? null : Math.min(1, seatUtilization),
      stickiness: Math.min(1, stickiness / 0.5), nps: accountNps.score === null ? null : (accountNps.score + 100) / 200,
    };
    let w = 0, sum = 0;
    for (const k of ['breadth', 'seatUtilization', 'stickiness', 'nps'] as const) {
      if (parts[k] !== null) { w += project.healthWeights[k]; sum += project.healthWeights[k] * parts[k]!; }
    }
    const prev = prevAccountUsers.get(accountId)?.size ?? 0;
    const risks: string[] = [];
    if (prev > 0 && n <= 0.7 * prev) risks.push('usage_drop');
    if (seatUtilization !== null && seatUtilization < 0.3) risks.push('low_seat_utilization');
    if (accountNps.score !== null && accountNps.score < 0) risks.push('detractor_account');
    if (breadth === 0) risks.push('no_core_adoption');
    const act = history.firstActivation.get(accountId);
    const start = info.createdAt !== null && info.createdAt < info.firstSeen ? info.createdAt : info.firstSeen;
    const mySessions = sessionsIn.filter((s) => s.accountId === accountId);
    return {
      accountId, name: info.name, plan: info.plan, seats: info.seats, mrr: info.mrr, activeUsers: n, seatUtilization, breadth,
      depth: [...users.values()].reduce((a, u) => a + u.features.size, 0) / n, stickiness,
      timeToValueHours: act === undefined ? null : (act - start) / 3_600_000,
      nps: accountNps.score, csat: accountCsat.score, responses: accountNps.responses + accountCsat.responses,
      health: w > 0 ? (100 * sum) / w : null, healthParts: parts, risks,
      lastSeen: new Date(Math.max(...[...users.values()].map((u) => u.lastSeen))).toISOString(),
      sessions: mySessions.length, sessionsPerUserPerWeek: mySessions.length / n / (days / 7),
      avgSessionMinutes: mySessions.length ? mySessions.reduce((a, s) => a + s.end - s.start, 0) / mySessions.length / 60_000 : null,
      referralRate: project.referral.events.length ? (accountReferrers.get(accountId)?.size ?? 0) / n : null,
    };
  });

  const activeAccounts = rows.length;
  const features = allKeys.map((key) => {
    const f = featureUse.get(key);
    const entry = project.features.find((x) => x.key === key);
    return {
      key, name: entry?.name ?? key, core: core.has(key), accountsAdopted: f?.accounts.size ?? 0, accountAdoptionRate: div(f?.accounts.size ?? 0, activeAccounts),
      usersUsed: f?.users.size ?? 0, userAdoptionRate: div(f?.users.size ?? 0, activeUsers.size), events: f?.events ?? 0,
    };
  });

  // overview
  const newAccounts = [...history.info].filter(([, a]) => a.firstSeen >= from && a.firstSeen < to).map(([id]) => id);
  const activated = newAccounts.filter((id) => { const t = history.firstActivation.get(id); return t !== undefined && t >= from && t < to; }).length;
  const prevActive = [...prevAccountUsers.keys()];
  const churned = prevActive.filter((id) => !accountUsers.has(id)).sort();
  const churnRate = div(churned.length, prevActive.length);
  const withMrr = rows.filter((r) => r.mrr !== null);
  const mrr = withMrr.length ? withMrr.reduce((a, r) => a + r.mrr!, 0) : null;
  const arpa = mrr === null ? null : mrr / withMrr.length;
  const monthlyChurn = churnRate === null || churnRate === 0 ? null : 1 - (1 - churnRate) ** (30 / days);
  const ltv = arpa === null || monthlyChurn === null ? null : arpa / monthlyChurn;
  const cac = project.monthlyAcquisitionSpend != null && newAccounts.length ? (project.monthlyAcquisitionSpend * days) / 30 / newAccounts.length : null;
  const trial = new Set(project.trialPlans);
  let eligible = 0, converted = 0;
  for (const [, list] of history.planHistory) {
    const sorted = [...list].sort((a, b) => a.ts - b.ts);
    const before = sorted.filter((c) => c.ts < from);
    const inside = sorted.filter((c) => c.ts >= from && c.ts < to);
    const startPlan = before.length ? before[before.length - 1].plan : null;
    if (!(startPlan !== null ? trial.has(startPlan) : inside.length > 0 && trial.has(inside[0].plan))) continue;
    eligible++;
    let plan = startPlan;
    if (inside.some((c) => { const moved = plan !== null && trial.has(plan) && !trial.has(c.plan); plan = c.plan; return moved; })) converted++;
  }
  const byAccountNps = new Map<string, number[]>();
  for (const a of answers) if (a.kind === 'nps' && a.accountId !== null) byAccountNps.set(a.accountId, [...(byAccountNps.get(a.accountId) ?? []), a.score]);
  let rwSum = 0, rwMrr = 0;
  for (const [id, scores] of byAccountNps) {
    const m = history.info.get(id)?.mrr ?? null;
    if (m !== null && m > 0) { rwSum += m * nps(scores).score!; rwMrr += m; }
  }
  const totalSessions = sessionsIn.length;
  const overview = {
    activeAccounts, activeUsers: activeUsers.size,
    nps: nps(answers.filter((a) => a.kind === 'nps').map((a) => a.score)), csat: csat(answers.filter((a) => a.kind === 'csat').map((a) => a.score)),
    revenueWeightedNps: rwMrr > 0 ? rwSum / rwMrr : null, responseRate: rate(shown, answered),
    healthDistribution: {
      healthy: rows.filter((r) => r.health !== null && r.health >= 70).length, neutral: rows.filter((r) => r.health !== null && r.health >= 40 && r.health < 70).length,
      atRisk: rows.filter((r) => r.health !== null && r.health < 40).length, unknown: rows.filter((r) => r.health === null).length,
    },
    newAccounts: newAccounts.length, activationRate: div(activated, newAccounts.length),
    churnedAccounts: churned.length, churnedAccountIds: churned, churnRate,
    mrrChurned: churnRate === null ? null : prevActive.some((id) => history.info.get(id)?.mrr != null) ? churned.reduce((a, id) => a + (history.info.get(id)?.mrr ?? 0), 0) : null,
    conversionRate: div(converted, eligible),
    mrrAtRisk: mrr === null ? null : withMrr.filter((r) => r.risks.length > 0).reduce((a, r) => a + r.mrr!, 0),
    mrr, arpa, arpu: mrr === null ? null : div(mrr, withMrr.reduce((a, r) => a + r.activeUsers, 0)),
    ltv, cac, ltvToCac: ltv !== null && cac ? ltv / cac : null,
    sessions: totalSessions, sessionsPerUserPerWeek: div(totalSessions, activeUsers.size) === null ? null : totalSessions / activeUsers.size / (days / 7),
    avgSessionMinutes: totalSessions ? sessionsIn.reduce((a, s) => a + s.end - s.start, 0) / totalSessions / 60_000 : null,
    referralRate: project.referral.events.length ? div(referrers.size, activeUsers.size) : null,
  };

  // satisfaction by account: accounts with any survey event in the window
  const surveyAccounts = new Set<string>();
  for (const e of events) if (e.type === 'track' && e.event?.startsWith('$survey_') && e.accountId !== null && e.timestamp >= from && e.timestamp < to && e.properties?.surveyId) surveyAccounts.add(e.accountId);
  const byAccount = [...surveyAccounts].sort().map((accountId) => {
    const mine = answers.filter((a) => a.accountId === accountId);
    const n = nps(mine.filter((a) => a.kind === 'nps').map((a) => a.score));
    const c = csat(mine.filter((a) => a.kind === 'csat').map((a) => a.score));
    return { accountId, nps: n.score, npsResponses: n.responses, csat: c.score, csatResponses: c.responses, responses: n.responses + c.responses };
  });
  const trend = [] as { week: string; nps: ReturnType<typeof nps>; csat: ReturnType<typeof csat> }[];
  for (let wk = monday(from); wk * DAY < to; wk += 7) {
    const a = answersIn(events, project, Math.max(wk * DAY, from), Math.min((wk + 7) * DAY, to)).answers;
    trend.push({ week: new Date(wk * DAY).toISOString(), nps: nps(a.filter((x) => x.kind === 'nps').map((x) => x.score)), csat: csat(a.filter((x) => x.kind === 'csat').map((x) => x.score)) });
  }

  // retention: cohorts of accounts first seen in the window
  const cohorts = new Map<number, string[]>();
  for (const id of newAccounts) { const wk = monday(history.info.get(id)!.firstSeen); cohorts.set(wk, [...(cohorts.get(wk) ?? []), id]); }
  const retention = [...cohorts.keys()].sort((a, b) => a - b).map((wk) => {
    const ids = cohorts.get(wk)!;
    const weeks = [];
    for (let w = wk, i = 0; w * DAY < to; w += 7, i++) {
      const active = ids.filter((id) => accountWeeks.get(id)?.has(w)).length;
      weeks.push({ week: i, activeAccounts: active, share: active / ids.length });
    }
    return { cohort: new Date(wk * DAY).toISOString(), accounts: ids.length, weeks };
  });

  const accountFeatures = (accountId: string) => allKeys.map((key) => {
    const af = accountFeature.get(`${accountId}|${key}`);
    return { key, users: af?.users.size ?? 0, adopted: !!af, events: af?.events ?? 0, firstUsed: af ? new Date(af.first).toISOString() : null, lastUsed: af ? new Date(af.last).toISOString() : null };
  });
  const accountUserRows = (accountId: string) => [...(accountUsers.get(accountId) ?? new Map())].map(([userId, u]) => ({
    userId, events: u.events, activeDays: u.days.size, lastSeen: new Date(u.lastSeen).toISOString(), features: u.features.size,
  }));

  return { rows, features, overview, satisfaction: { ...overview, byAccount, trend }, retention, accountFeatures, accountUserRows };
}
