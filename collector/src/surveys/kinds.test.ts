// CES and choice surveys end to end on the collector (SPEC §13): served with their options and
// translations, answered through `POST /v1/batch` into a real SQLite file, capped by maxResponses,
// counted by the satisfaction report.
import { describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { parseConfig } from '../config.js';
import { runReport } from '../reports/run-report.js';
import type { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { sqliteAppPerTest } from './app-per-test.js';

const config = parseConfig({
  projects: [{
    id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me', defaultLocale: 'fr',
    throttle: { globalCooldownDays: 0, maxPromptsPerAccountPerWeek: 100 },
    surveys: [
      { id: 'ease', kind: 'ces', question: { en: 'How easy was exporting?', fr: 'Exporter était-il facile ?' }, maxResponses: 2 },
      { id: 'exit', kind: 'choice', topic: 'churn', other: true, question: 'Why are you leaving?', choices: [{ key: 'price', label: 'Too expensive' }, { key: 'missing', label: 'Missing a feature' }] },
    ],
  }],
}, 'config', () => {});

let store: SqliteStore;
let app: Hono;
sqliteAppPerTest(config, 'uptake-kinds-', (opened) => {
  ({ store, app } = opened);
});

let seq = 0;
async function send(...events: Array<Record<string, unknown>>) {
  const batch = events.map((e) => ({ messageId: `m-${++seq}`, timestamp: new Date().toISOString(), ...e }));
  const res = await app.request('/v1/batch', { method: 'POST', body: JSON.stringify({ writeKey: 'wk_demo', batch }) });
  return (await res.json()) as { accepted: number; rejected: Array<{ index: number; reason: string }> };
}
const answer = (userId: string, properties: Record<string, unknown>) => ({ type: 'track', event: '$survey_answered', userId, groupId: 'acme', properties: { responseId: `r-${userId}`, ...properties } });
const served = async (userId: string) => {
  const res = await app.request(`/v1/surveys?writeKey=wk_demo&userId=${userId}`);
  return ((await res.json()) as { surveys: Array<Record<string, unknown>> }).surveys;
};

describe('CES and choice surveys', () => {
  it('serves their options, translations and the project default locale', async () => {
    expect(await served('u9')).toEqual([
      { id: 'ease', kind: 'ces', question: { en: 'How easy was exporting?', fr: 'Exporter était-il facile ?' }, defaultLocale: 'fr', trigger: null },
      { id: 'exit', kind: 'choice', question: 'Why are you leaving?', choices: [{ key: 'price', label: 'Too expensive' }, { key: 'missing', label: 'Missing a feature' }], other: true, trigger: null },
    ]);
  });

  it('stops serving a survey once it has maxResponses counted responses', async () => {
    // u1 answers twice (one counted response), then u2: 2 counted responses = maxResponses
    await send(answer('u1', { surveyId: 'ease', kind: 'ces', score: 3 }), answer('u1', { surveyId: 'ease', kind: 'ces', score: 6 }));
    expect((await served('u9')).map((s) => s.id)).toEqual(['ease', 'exit']);
    await send(answer('u2', { surveyId: 'ease', kind: 'ces', score: 7 }));
    expect((await served('u9')).map((s) => s.id)).toEqual(['exit']);
  });

  it('rejects a CES score off the 1–7 scale alone, and reports CES and choice counts per survey', async () => {
    const result = await send(
      answer('u1', { surveyId: 'ease', kind: 'ces', score: 6 }),
      answer('u2', { surveyId: 'ease', kind: 'ces', score: 8 }),
      answer('u3', { surveyId: 'ease', kind: 'ces', score: 2 }),
      answer('u4', { surveyId: 'exit', kind: 'choice', choice: 'price' }),
      answer('u5', { surveyId: 'exit', kind: 'choice', choice: 'other', comment: 'We closed the team' }),
      answer('u6', { surveyId: 'exit', kind: 'choice', choice: 'price' }),
    );
    expect(result.accepted).toBe(5);
    expect(result.rejected).toEqual([expect.objectContaining({ index: 1, reason: 'properties.score: a CES answer is a whole number from 1 to 7' })]);
    const report = await runReport(store, config.projects[0], 'satisfaction', {}, Date.now());
    // CES: 6 and 2 → mean 4, one of two answers in 5–7 → 0.5
    expect(report.ces).toEqual([{ surveyId: 'ease', mean: 4, easyShare: 0.5, responses: 2 }]);
    // Choice: price twice, other once, missing never
    expect(report.choices).toEqual([{ surveyId: 'exit', responses: 3, counts: { price: 2, missing: 0, other: 1 } }]);
    // Neither counts as NPS or CSAT.
    expect([report.nps.responses, report.csat.responses]).toEqual([0, 0]);
  });
});
