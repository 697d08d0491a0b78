// SPEC §10/§13 churn reasons through HTTP: exit-survey answers (`choice` surveys with topic "churn")
// sent with the hand-computed fixture (fixture.ts), where gamma is the one churned account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONFIG, NOW, PREVIOUS_EVENTS, WINDOW, WINDOW_EVENTS } from './fixture.js';
import type { WireEvent } from './fixture-types.js';
import { startTestCollector, type TestCollector } from './report-server.js';

const project = FIXTURE_CONFIG.projects[0];
const CONFIG = {
  projects: [{
    ...project,
    surveys: [
      ...project.surveys,
      {
        id: 'exit', kind: 'choice', topic: 'churn', question: 'Why are you leaving?', other: true,
        choices: [{ key: 'price', label: { en: 'Too expensive', fr: 'Trop cher' } }, { key: 'missing', label: 'Missing a feature' }],
      },
      { id: 'poll', kind: 'choice', question: 'Which plan?', choices: [{ key: 'price', label: 'Price' }] },
    ],
  }],
};

let seq = 0;
const answer = (userId: string, groupId: string, ts: string, surveyId: string, choice: string): WireEvent => ({
  type: 'track', messageId: `exit-${++seq}`, timestamp: `2026-${ts}Z`, userId, groupId,
  event: '$survey_answered', properties: { surveyId, kind: 'choice', responseId: `r-${seq}`, choice },
});

describe('churn reasons', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector(CONFIG, NOW);
    await c.send('wk_fixture', PREVIOUS_EVENTS);
    await c.send('wk_fixture', WINDOW_EVENTS);
    await c.send('wk_fixture', [
      answer('gus', 'gamma', '02-26T09:00:00', 'exit', 'missing'), // gus changes his mind:
      answer('gus', 'gamma', '03-05T09:00:00', 'exit', 'price'), //   his latest answer (after his last use) counts
      answer('gus', 'gamma', '03-05T09:01:00', 'poll', 'price'), // not a churn survey
      answer('alice', 'acme', '03-04T09:00:00', 'exit', 'price'), // acme was retained
      answer('gus2', 'gamma', '03-09T10:00:00', 'exit', 'missing'), // after the window's end
    ]);
  });
  afterAll(() => c?.close());

  it('counts the latest exit-survey answer of each churned account\'s user, labelled as configured', async () => {
    const res = await c.get(`/v1/reports/churn?from=${WINDOW.from}&to=${WINDOW.to}`, 'sk_fixture_secret');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.churnedAccounts.map((a: { accountId: string }) => a.accountId)).toEqual(['gamma']);
    // gamma: gus → price (his 03-05 answer replaces 02-26's "missing"); gus2 answered after 03-09; alice is in acme.
    expect(body.reasons).toEqual([{ surveyId: 'exit', choice: 'price', label: 'Too expensive', count: 1 }]);
  });
});
