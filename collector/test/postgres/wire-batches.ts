// Deterministic wire batches (what an SDK or a Segment library sends to POST /v1/batch) for the
// multi-collector tests: accounts with traits and a plan change, identified users, sessions with and
// without a sessionId, feature use, NPS answers. Every event carries its groupId, as the SDK's do, so
// the stored result does not depend on the order in which collectors receive the batches.
import { createRng } from '../../src/seed/prng.js';

const DAY = 86_400_000;
const MIN = 60_000;
const FEATURES = ['Report Exported', 'Dashboard Viewed', 'Dashboard Viewed', 'Alert Set', 'User Invited', 'Filter Applied'];

export const MULTI_COLLECTOR_PROJECT = {
  id: 'test', name: 'Test', writeKey: 'wk_test', secretKey: 'sk_test_secret', allowedOrigins: ['http://app.example.com'],
  features: [
    { key: 'reports', name: 'Reports', events: ['Report Exported'], core: true },
    { key: 'dashboards', name: 'Dashboards', events: ['Dashboard Viewed'], core: true },
    { key: 'alerts', name: 'Alerts', events: ['Alert Set'] },
  ],
  activation: { events: ['Report Exported'] },
  referral: { events: ['User Invited'] },
  monthlyAcquisitionSpend: 5000,
  surveys: [{ id: 'nps', kind: 'nps', question: 'Recommend us?' }],
};

/** Uniform floats in [0, 1) from the seed generator's mulberry32. */
const rng = (seed: number): (() => number) => createRng(seed).next;

export interface WireOptions {
  seed: number;
  accounts: number;
  usersPerAccount: number;
  days: number;
  /** UTC midnight of the first day (ms). */
  start: number;
  batchSize: number;
}

/**
 * Batches of wire events in time order, each event with a unique messageId.
 * @example wireBatches({ seed: 1, accounts: 6, usersPerAccount: 4, days: 14, start, batchSize: 25 })
 */
export function wireBatches(o: WireOptions): Record<string, unknown>[][] {
  const random = rng(o.seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const events: Record<string, unknown>[] = [];
  let seq = 0;
  const add = (ts: number, fields: Record<string, unknown>) =>
    events.push({ messageId: `w${o.seed}-${++seq}`, timestamp: new Date(ts).toISOString(), ...fields });

  for (let a = 0; a < o.accounts; a++) {
    const groupId = `acct-${a}`;
    const trial = a % 3 === 0;
    for (let u = 0; u < o.usersPerAccount; u++) {
      const userId = `user-${a}-${u}`;
      const first = o.start + Math.floor(random() * 3) * DAY + 8 * 60 * MIN;
      add(first, { type: 'identify', userId, groupId, traits: { email: `${userId}@example.com`, role: u === 0 ? 'admin' : 'member' } });
      add(first + MIN, { type: 'group', userId, groupId, traits: { name: `Account ${a}`, plan: trial ? 'trial' : 'pro', seats: 5 + a, mrr: trial ? 0 : 100 * (a + 1) } });
      if (trial && u === 0) add(o.start + Math.floor(o.days / 2) * DAY, { type: 'group', userId, groupId, traits: { plan: 'pro', mrr: 250 } });
      const p = 0.3 + random() * 0.6;
      for (let d = 0; d < o.days; d++) {
        if (random() > p) continue;
        const dayStart = o.start + d * DAY + (9 + Math.floor(random() * 8)) * 60 * MIN;
        // SDK sessions carry a sessionId; a server library's events are split by 30-minute gaps.
        const sessionId = random() < 0.7 ? `s-${userId}-${d}` : undefined;
        const context = sessionId ? { sessionId } : {};
        let t = dayStart;
        for (let k = 0, n = 1 + Math.floor(random() * 5); k < n; k++) {
          t += Math.floor(random() * 20) * MIN;
          if (random() < 0.3) add(t, { type: 'page', userId, groupId, name: 'Home', context });
          else add(t, { type: 'track', userId, groupId, event: pick(FEATURES), properties: { k }, context });
        }
        if (random() < 0.08) {
          const responseId = `r-${userId}-${d}`;
          const score = Math.floor(random() * 11);
          add(t + MIN, { type: 'track', userId, groupId, event: '$survey_shown', properties: { surveyId: 'nps', kind: 'nps', responseId }, context });
          add(t + 2 * MIN, { type: 'track', userId, groupId, event: '$survey_answered', properties: { surveyId: 'nps', kind: 'nps', responseId, score, comment: score < 7 ? 'Too slow' : 'Great' }, context });
        }
      }
    }
  }
  events.sort((x, y) => String(x.timestamp).localeCompare(String(y.timestamp)));
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < events.length; i += o.batchSize) batches.push(events.slice(i, i + o.batchSize));
  return batches;
}
