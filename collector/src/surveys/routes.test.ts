// `GET /v1/surveys` against the real app and a real SQLite file: history is written through
// `POST /v1/batch` and must be seen by the very next survey request (read your writes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../app.js';
import { parseConfig } from '../config.js';
import { createContext } from '../context.js';
import { openSqliteStore, type SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { DAY_MS } from '../storage/store.js';
import { sampleBucket } from './sampling.js';

const ORIGIN = 'https://app.example.com';

const config = (overrides: { throttle?: object; surveys?: object[] } = {}) =>
  parseConfig({
    projects: [
      {
        id: 'demo', name: 'Demo SaaS', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me', allowedOrigins: [ORIGIN],
        throttle: overrides.throttle ?? { globalCooldownDays: 14, maxPromptsPerAccountPerWeek: 20 },
        surveys: overrides.surveys ?? [
          {
            id: 'nps-2026', kind: 'nps', active: true, question: 'How likely are you to recommend Demo SaaS to a colleague?',
            followUp: { detractor: 'What should we fix first?' },
            targeting: { sampleRate: 1, trigger: { event: 'Report Exported' } },
            recontactDays: 90, appearance: { brandColor: '#0a7d33', position: 'bottom-left' },
          },
        ],
      },
    ],
  });

let dir: string;
let store: SqliteStore;
let app: Hono;

const start = (cfg = config()) => {
  app = createApp(createContext(cfg, store));
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uptake-surveys-'));
  store = openSqliteStore(join(dir, 'uptake.db'));
  start();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

/** Sends events through the real ingest endpoint, as the SDK does. */
async function send(...events: Array<Record<string, unknown>>) {
  const batch = events.map((e) => ({ messageId: `m-${++seq}`, timestamp: new Date().toISOString(), ...e }));
  const res = await app.request('/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: 'wk_demo', batch }) });
  expect(res.status).toBe(200);
  expect((await res.json()).accepted).toBe(events.length);
}

const surveyEvent = (name: string, userId: string, props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'track', event: name, userId, properties: { surveyId: 'nps-2026', kind: 'nps', responseId: `r-${userId}`, ...props }, ...extra,
});

async function ask(params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await app.request(`/v1/surveys?${new URLSearchParams({ writeKey: 'wk_demo', ...params })}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}
const ids = async (params: Record<string, string>) => {
  const { status, body } = await ask(params);
  expect(status).toBe(200);
  return (body.surveys as Array<{ id: string }>).map((s) => s.id);
};

describe('GET /v1/surveys', () => {
  it('returns the survey definition the widget needs, and nothing of its targeting', async () => {
    const { status, headers, body } = await ask({ anonymousId: 'anon-1', url: 'https://app.example.com/reports' });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      surveys: [
        {
          id: 'nps-2026', kind: 'nps', question: 'How likely are you to recommend Demo SaaS to a colleague?',
          followUp: { detractor: 'What should we fix first?' }, trigger: { event: 'Report Exported' },
          appearance: { brandColor: '#0a7d33', position: 'bottom-left' },
        },
      ],
      experiments: [],
    });
  });

  it('refuses an unknown or missing write key with 401 and a JSON error', async () => {
    const unknown = await app.request('/v1/surveys?writeKey=nope&anonymousId=a');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await app.request('/v1/surveys?anonymousId=a')).status).toBe(401);
  });

  it('answers 400 when neither userId nor anonymousId is given', async () => {
    const { status, body } = await ask({ url: 'https://app.example.com/' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
  });

  it('stops offering a survey the moment its answer is acknowledged, for recontactDays', async () => {
    expect(await ids({ userId: 'u1' })).toEqual(['nps-2026']);
    await send(surveyEvent('$survey_shown', 'u1'), surveyEvent('$survey_answered', 'u1', { score: 9 }));
    expect(await ids({ userId: 'u1' })).toEqual([]);
    expect(await ids({ userId: 'u2' })).toEqual(['nps-2026']);
  });

  it('does not offer a dismissed survey again within recontactDays, but does after them', async () => {
    start(config({ throttle: { globalCooldownDays: 0, maxPromptsPerAccountPerWeek: 20 } }));
    await send(surveyEvent('$survey_dismissed', 'u1', {}, { timestamp: ago(89) }), surveyEvent('$survey_dismissed', 'u2', {}, { timestamp: ago(91) }));
    expect(await ids({ userId: 'u1' })).toEqual([]);
    expect(await ids({ userId: 'u2' })).toEqual(['nps-2026']);
  });

  it('counts an answer given before identify (under the anonymousId) as the user’s', async () => {
    await send(surveyEvent('$survey_answered', '', { score: 3 }, { userId: undefined, anonymousId: 'anon-7' }));
    expect(await ids({ userId: 'u7', anonymousId: 'anon-7' })).toEqual([]);
  });

  it('counts time browsing before identify towards minDaysSinceFirstSeen', async () => {
    start(config({ surveys: [{ id: 'nps-2026', kind: 'nps', question: 'Q?', targeting: { minDaysSinceFirstSeen: 7 } }] }));
    await send({ type: 'page', anonymousId: 'anon-9', timestamp: ago(10) }, { type: 'identify', userId: 'u9', anonymousId: 'anon-9', traits: { role: 'admin' } });
    expect(await ids({ userId: 'u9', anonymousId: 'anon-9' })).toEqual(['nps-2026']);
    expect(await ids({ userId: 'u9' })).toEqual([]);
  });

  it('accepts the write key as an X-Uptake-Write-Key header', async () => {
    const res = await app.request('/v1/surveys?anonymousId=a', { headers: { 'x-uptake-write-key': 'wk_demo' } });
    expect(res.status).toBe(200);
  });

  it('rate-limits survey requests per write key with 429 and Retry-After', async () => {
    const cfg = config();
    cfg.projects[0].rateLimits = { perWriteKey: { requestsPerSecond: 0.001, burst: 2 } };
    start(cfg);
    expect((await ask({ anonymousId: 'a' })).status).toBe(200);
    expect((await ask({ anonymousId: 'b' })).status).toBe(200);
    const limited = await ask({ anonymousId: 'c' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('shows no survey within globalCooldownDays of any survey being shown', async () => {
    start(config({ surveys: [...(config().projects[0].surveys as object[]), { id: 'csat-q2', kind: 'csat', question: 'Happy?', recontactDays: 30 }] }));
    expect(await ids({ userId: 'u1' })).toEqual(['nps-2026', 'csat-q2']);
    await send(surveyEvent('$survey_shown', 'u1', { surveyId: 'csat-q2', kind: 'csat' }, { timestamp: ago(13) }));
    expect(await ids({ userId: 'u1' })).toEqual([]);
    await send(surveyEvent('$survey_shown', 'u2', { surveyId: 'csat-q2', kind: 'csat' }, { timestamp: ago(15) }));
    // Shown but neither answered nor dismissed: after the cooldown it may be asked again.
    expect(await ids({ userId: 'u2' })).toEqual(['nps-2026', 'csat-q2']);
  });

  it('caps $survey_shown per account per week', async () => {
    start(config({ throttle: { globalCooldownDays: 14, maxPromptsPerAccountPerWeek: 2 } }));
    await send(
      surveyEvent('$survey_shown', 'colleague-1', {}, { groupId: 'acme' }),
      surveyEvent('$survey_shown', 'colleague-2', {}, { groupId: 'acme', timestamp: ago(8) }),
    );
    expect(await ids({ userId: 'u1', groupId: 'acme' })).toEqual(['nps-2026']);
    await send(surveyEvent('$survey_shown', 'colleague-3', {}, { groupId: 'acme', timestamp: ago(6) }));
    expect(await ids({ userId: 'u1', groupId: 'acme' })).toEqual([]);
    expect(await ids({ userId: 'u1', groupId: 'globex' })).toEqual(['nps-2026']);
  });

  it("targets the account's latest traits: the groupId param, else the user's last group", async () => {
    start(config({ surveys: [{ id: 'nps-2026', kind: 'nps', question: 'Q?', targeting: { accountTraits: { plan: ['pro', 'enterprise'] } } }] }));
    await send(
      { type: 'group', userId: 'u1', groupId: 'acme', traits: { name: 'Acme', plan: 'trial' } },
      { type: 'group', userId: 'u2', groupId: 'globex', traits: { name: 'Globex', plan: 'enterprise' } },
    );
    expect(await ids({ userId: 'u1', groupId: 'acme' })).toEqual([]);
    expect(await ids({ userId: 'u1' })).toEqual([]);
    expect(await ids({ userId: 'u2' })).toEqual(['nps-2026']);
    expect(await ids({ userId: 'u1', groupId: 'globex' })).toEqual(['nps-2026']);
    await send({ type: 'group', userId: 'u1', groupId: 'acme', traits: { plan: 'pro' } });
    expect(await ids({ userId: 'u1' })).toEqual(['nps-2026']);
    expect(await ids({ anonymousId: 'stranger' })).toEqual([]);
  });

  it('targets user traits; a missing trait fails', async () => {
    start(config({ surveys: [{ id: 'nps-2026', kind: 'nps', question: 'Q?', targeting: { userTraits: { role: ['admin'] } } }] }));
    await send({ type: 'identify', userId: 'admin-1', traits: { role: 'admin' } }, { type: 'identify', userId: 'viewer-1', traits: { role: 'viewer' } }, { type: 'identify', userId: 'bare', traits: {} });
    expect(await ids({ userId: 'admin-1' })).toEqual(['nps-2026']);
    expect(await ids({ userId: 'viewer-1' })).toEqual([]);
    expect(await ids({ userId: 'bare' })).toEqual([]);
  });

  it('waits minDaysSinceFirstSeen from the user’s first stored event; an unknown user has 0 days', async () => {
    start(config({ surveys: [{ id: 'nps-2026', kind: 'nps', question: 'Q?', targeting: { minDaysSinceFirstSeen: 7 } }] }));
    await send({ type: 'page', userId: 'veteran', timestamp: ago(8) }, { type: 'page', userId: 'newcomer', timestamp: ago(2) });
    expect(await ids({ userId: 'veteran' })).toEqual(['nps-2026']);
    expect(await ids({ userId: 'newcomer' })).toEqual([]);
    expect(await ids({ userId: 'unknown' })).toEqual([]);
  });

  it('requires the page URL to contain urlContains', async () => {
    start(config({ surveys: [{ id: 'nps-2026', kind: 'nps', question: 'Q?', targeting: { urlContains: '/reports' } }] }));
    expect(await ids({ anonymousId: 'a', url: 'https://app.example.com/reports/42' })).toEqual(['nps-2026']);
    expect(await ids({ anonymousId: 'a', url: 'https://app.example.com/settings' })).toEqual([]);
    expect(await ids({ anonymousId: 'a' })).toEqual([]);
  });

  it('never offers an inactive survey', async () => {
    start(config({ surveys: [{ id: 'nps-2026', kind: 'nps', question: 'Q?', active: false }] }));
    expect(await ids({ anonymousId: 'a' })).toEqual([]);
  });

  it('samples by userId (else anonymousId), the same way on every call', async () => {
    start(config({ surveys: [{ id: 'nps-2026', kind: 'nps', question: 'Q?', targeting: { sampleRate: 0.5 } }] }));
    for (let i = 0; i < 20; i++) {
      const expected = sampleBucket(`user-${i}`, 'nps-2026') < 0.5 ? ['nps-2026'] : [];
      expect(await ids({ userId: `user-${i}`, anonymousId: `anon-${i}` })).toEqual(expected);
      expect(await ids({ userId: `user-${i}`, anonymousId: `other-anon-${i}` })).toEqual(expected);
    }
    const byAnon = sampleBucket('anon-x', 'nps-2026') < 0.5 ? ['nps-2026'] : [];
    expect(await ids({ anonymousId: 'anon-x' })).toEqual(byAnon);
  });

  describe('CORS', () => {
    it('answers an allowed origin with CORS headers', async () => {
      const { status, headers } = await ask({ anonymousId: 'a' }, { origin: ORIGIN });
      expect(status).toBe(200);
      expect(headers.get('access-control-allow-origin')).toBe(ORIGIN);
    });

    it('refuses a browser request from an origin not in allowedOrigins with 403, readable by the page', async () => {
      const { status, headers, body } = await ask({ anonymousId: 'a' }, { origin: 'https://evil.example' });
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden_origin');
      expect(headers.get('access-control-allow-origin')).toBe('https://evil.example');
    });

    it('answers the preflight of an allowed origin', async () => {
      const res = await app.request('/v1/surveys?writeKey=wk_demo&anonymousId=a', { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    });
  });
});
