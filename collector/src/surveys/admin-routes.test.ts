// Explain and reach (SPEC §13) against the real app and a real SQLite file; a property test checks
// that explain's verdict always equals what `GET /v1/surveys` serves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../app.js';
import { parseConfig } from '../config.js';
import { createContext } from '../context.js';
import { openSqliteStore, type SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { DAY_MS } from '../storage/store.js';

const NOW = Date.now();
const SECRET = { authorization: 'Bearer sk_demo_change_me' };

const config = (surveys: object[], throttle = { globalCooldownDays: 14, maxPromptsPerAccountPerWeek: 20 }) =>
  parseConfig({ projects: [{ id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me', throttle, surveys }] }, 'config', () => {});

const NPS = {
  id: 'nps', kind: 'nps', question: 'How likely…?', recontactDays: 90,
  targeting: { accountTraits: { plan: ['pro'] }, userTraits: { role: ['admin'] }, minDaysSinceFirstSeen: 5 },
};

let dir: string;
let store: SqliteStore;
let app: Hono;
const start = (cfg: ReturnType<typeof config>) => {
  app = createApp(createContext(cfg, store, () => NOW));
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uptake-explain-'));
  store = openSqliteStore(join(dir, 'uptake.db'));
  start(config([NPS]));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY_MS).toISOString();
async function send(events: Array<Record<string, unknown>>) {
  const batch = events.map((e) => ({ messageId: `m-${++seq}`, ...e }));
  const res = await app.request('/v1/batch', { method: 'POST', body: JSON.stringify({ writeKey: 'wk_demo', batch }) });
  const body = (await res.json()) as { accepted: number };
  expect(body.accepted).toBe(events.length);
}
/** A user seen first `daysAgo` days ago (a page view then), with a role and an account on a plan. */
const person = (userId: string, daysAgo: number, role: string | null, account: { id: string; plan: string } | null) => [
  { type: 'identify', userId, timestamp: at(daysAgo), traits: role ? { role } : {} },
  ...(account ? [{ type: 'group', userId, groupId: account.id, timestamp: at(daysAgo), traits: { plan: account.plan } }] : []),
  { type: 'page', userId, timestamp: at(daysAgo), ...(account ? { groupId: account.id } : {}) },
];
const answered = (userId: string, surveyId: string, daysAgo: number) => ({
  type: 'track', event: '$survey_answered', userId, timestamp: at(daysAgo), properties: { surveyId, kind: 'nps', responseId: `r${seq}`, score: 9 },
});
const get = async (path: string, headers: Record<string, string> = SECRET) => {
  const res = await app.request(path, { headers });
  return { status: res.status, body: (await res.json()) as any };
};

const acme = { id: 'acme', plan: 'pro' };
const globex = { id: 'globex', plan: 'trial' };

describe('GET /v1/admin/surveys/:id/explain', () => {
  it('explains every rule for one user, in words, in order', async () => {
    await send([...person('u5', 20, 'admin', acme), answered('u5', 'nps', 10)]);
    const { status, body } = await get('/v1/admin/surveys/nps/explain?userId=u5');
    expect(status).toBe(200);
    expect(body.eligible).toBe(false);
    expect(body.rules.map((r: { rule: string }) => r.rule)).toEqual([
      'active', 'urlContains', 'accountTraits', 'userTraits', 'minDaysSinceFirstSeen', 'sampleRate',
      'recontactDays', 'globalCooldownDays', 'maxPromptsPerAccountPerWeek', 'account', 'maxResponses',
    ]);
    const byRule = Object.fromEntries(body.rules.map((r: { rule: string }) => [r.rule, r]));
    expect(byRule.recontactDays).toEqual({ rule: 'recontactDays', pass: false, detail: 'answered 10 days ago; recontactDays is 90' });
    expect(byRule.globalCooldownDays).toEqual({ rule: 'globalCooldownDays', pass: false, detail: 'last shown 10 days ago (nps); globalCooldownDays is 14' });
    expect(byRule.accountTraits).toEqual({ rule: 'accountTraits', pass: true, detail: 'account acme: plan is "pro"' });
    expect(byRule.minDaysSinceFirstSeen).toEqual({ rule: 'minDaysSinceFirstSeen', pass: true, detail: 'first seen 20 days ago; minDaysSinceFirstSeen is 5' });
  });

  it('needs the secret key, a known survey and a user', async () => {
    expect((await get('/v1/admin/surveys/nps/explain?userId=u1', {})).status).toBe(401);
    expect((await get('/v1/admin/surveys/nps/explain?userId=u1', { authorization: 'Bearer wk_demo' })).status).toBe(401);
    const unknown = await get('/v1/admin/surveys/nope/explain?userId=u1');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    expect((await get('/v1/admin/surveys/nps/explain')).status).toBe(400);
  });
});

describe('GET /v1/admin/surveys/:id/reach', () => {
  it('counts active users and accounts who would be eligible now, and what each rule excludes', async () => {
    await send([
      ...person('u1', 20, 'admin', acme), // eligible
      ...person('u2', 20, 'viewer', acme), // userTraits
      ...person('u3', 20, 'admin', globex), // accountTraits (trial)
      ...person('u4', 2, 'admin', acme), // minDaysSinceFirstSeen (2 < 5)
      ...person('u5', 20, 'admin', acme), answered('u5', 'nps', 10), // recontactDays and globalCooldownDays
      ...person('u6', 20, 'admin', null), // accountTraits (no account)
      ...person('u7', 45, 'admin', acme), // not active in the last 30 days: not counted at all
    ]);
    const { status, body } = await get('/v1/admin/surveys/nps/reach');
    expect(status).toBe(200);
    // Users: u1…u6 active, u1 eligible. Accounts: acme (u1, u2, u4, u5) eligible through u1; globex not.
    expect(body.users).toEqual({ active: 6, eligible: 1 });
    expect(body.accounts).toEqual({ active: 2, eligible: 1 });
    const excluded = Object.fromEntries(body.rules.map((r: { rule: string; excludedUsers: number; excludedAccounts: number }) => [r.rule, [r.excludedUsers, r.excludedAccounts]]));
    expect(excluded).toEqual({
      active: [0, 0],
      accountTraits: [2, 1], // u3, u6; globex's every user
      userTraits: [1, 0], // u2
      minDaysSinceFirstSeen: [1, 0], // u4
      sampleRate: [0, 0],
      recontactDays: [1, 0], // u5
      globalCooldownDays: [1, 0], // u5
      maxPromptsPerAccountPerWeek: [0, 0],
      account: [0, 0],
      maxResponses: [0, 0],
    });
  });
});

describe('explain agrees with GET /v1/surveys', () => {
  it('gives eligible exactly when the survey is served, over generated users and histories', async () => {
    const surveys = [
      NPS,
      { id: 'csat', kind: 'csat', question: 'Happy?', recontactDays: 30, targeting: { sampleRate: 0.5, urlContains: '/reports' } },
      { id: 'ease', kind: 'ces', question: 'Easy?', recontactDays: 0, maxResponses: 2 },
      { id: 'exit', kind: 'choice', question: 'Why?', choices: [{ key: 'a', label: 'A' }], targeting: { account: { health: ['atRisk', 'neutral'] } } },
    ];
    start(config(surveys, { globalCooldownDays: 7, maxPromptsPerAccountPerWeek: 2 }));
    let run = 0;
    const verdicts = { eligible: 0, ineligible: 0 };
    const history = fc.record({
      firstSeenDaysAgo: fc.integer({ min: 0, max: 40 }),
      role: fc.constantFrom('admin', 'viewer', null),
      plan: fc.constantFrom('pro', 'trial', null),
      url: fc.constantFrom('https://app.example.com/reports', 'https://app.example.com/settings', null),
      identified: fc.boolean(),
      events: fc.array(
        fc.record({ surveyId: fc.constantFrom('nps', 'csat', 'ease', 'exit'), kind: fc.constantFrom('shown', 'answered', 'dismissed'), daysAgo: fc.integer({ min: 0, max: 100 }), byTeammate: fc.boolean() }),
        { maxLength: 6 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        run++;
        const userId = `p${run}`;
        const account = h.plan ? { id: `acct${run}`, plan: h.plan } : null;
        const events: Array<Record<string, unknown>> = [...person(userId, h.firstSeenDaysAgo, h.role, account)];
        for (const e of h.events) {
          const who = e.byTeammate && account ? `${userId}-mate` : userId;
          const properties = { surveyId: e.surveyId, kind: { nps: 'nps', csat: 'csat', ease: 'ces', exit: 'choice' }[e.surveyId], responseId: `r${seq}`, ...(e.kind === 'answered' ? (e.surveyId === 'exit' ? { choice: 'a' } : { score: 5 }) : {}) };
          events.push({ type: 'track', event: `$survey_${e.kind}`, userId: who, timestamp: at(e.daysAgo), properties, ...(account ? { groupId: account.id } : {}) });
        }
        await send(events);
        const params = new URLSearchParams({ ...(h.identified ? { userId } : { anonymousId: userId }), ...(h.url ? { url: h.url } : {}) });
        const served = (await get(`/v1/surveys?writeKey=wk_demo&${params}`, {})).body.surveys.map((s: { id: string }) => s.id);
        for (const s of surveys) {
          const { body } = await get(`/v1/admin/surveys/${s.id}/explain?${params}`);
          verdicts[body.eligible ? 'eligible' : 'ineligible']++;
          expect(body.eligible, `${s.id}: ${JSON.stringify(body.rules.filter((r: { pass: boolean }) => !r.pass))}`).toBe(served.includes(s.id));
        }
      }),
      // A fixed seed: the verdict counts below depend on what is generated, and CI must not flip on them.
      { numRuns: 30, seed: 20261206 },
    );
    // The generated histories reach both verdicts (30 runs × 4 surveys).
    expect(verdicts.eligible).toBeGreaterThan(5);
    expect(verdicts.ineligible).toBeGreaterThan(5);
  }, 120_000);
});
