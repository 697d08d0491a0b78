// Why accounts are the samples: simulated A/A experiments (both variants identical) on users
// clustered in accounts. The report's account-level intervals (delta method over units) must cover
// the true difference, 0, about 95 % of the time; a naive interval that treats every response as an
// independent sample covers it far less often, so it would "find" effects that are not there.
import { describe, expect, it } from 'vitest';
import { createRng } from '../seed/prng.js';
import type { SurveyAnswerRow } from '../storage/store.js';
import type { ExperimentConfig } from './config-schema.js';
import { buildReport } from './report.js';
import { compareRatios, ratioEstimate } from './stats.js';
import type { ExposedUnit } from './unit-metrics.js';

const EXPERIMENTS = 500;
const ACCOUNTS = 60;
const T0 = Date.UTC(2026, 2, 1);
const exp: ExperimentConfig = {
  key: 'aa', name: 'aa', unit: 'account', active: true, start: '2026-03-01', end: null, metrics: ['nps'],
  variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }],
};
const ctx = { features: [], activationEvents: [], surveyKinds: new Map([['nps', 'nps' as const]]), toMs: T0 + 30 * 86_400_000 };

/** NPS value of a score. */
const value = (score: number) => (score >= 9 ? 100 : score <= 6 ? -100 : 0);

/** Runs the simulation: coverage of 0 by the account-level and by the naive response-level 95 % interval. */
function simulate(seed: number) {
  const rng = createRng(seed);
  let accountCovered = 0;
  let naiveCovered = 0;
  for (let s = 0; s < EXPERIMENTS; s++) {
    const units = new Map<string, ExposedUnit>();
    const answers: SurveyAnswerRow[] = [];
    const naive: Record<string, { numerator: number; denominator: number }[]> = { a: [], b: [] };
    for (let i = 0; i < ACCOUNTS; i++) {
      const accountId = `acct-${i}`;
      const variant = rng.chance(0.5) ? 'a' : 'b';
      units.set(accountId, { unitId: accountId, variant, firstExposure: T0, users: new Set() });
      // Clustered: each account has its own mood (share of promoters) and size (1–40 respondents).
      const promoters = rng.next();
      const users = rng.int(1, 40);
      for (let u = 0; u < users; u++) {
        const score = rng.chance(promoters) ? rng.int(9, 10) : rng.chance(0.3) ? rng.int(7, 8) : rng.int(0, 6);
        const userKey = `${accountId}-u${u}`;
        answers.push({ surveyId: 'nps', surveyKind: 'nps', userKey, accountId, score, comment: null, choice: null, timestamp: T0 + 1000 });
        naive[variant].push({ numerator: value(score), denominator: 1 });
      }
    }
    // Both variants draw from the same process: the true difference is 0.
    const c = buildReport(exp, units, { events: [], activity: [], answers }, ctx, T0, ctx.toMs).comparisons[0];
    if (c.ciLow !== null && c.ciLow <= 0 && 0 <= c.ciHigh!) accountCovered++;
    // The naive interval: every response its own unit.
    const n = compareRatios(ratioEstimate(naive.a), ratioEstimate(naive.b));
    if (n && n.ciLow <= 0 && 0 <= n.ciHigh) naiveCovered++;
  }
  return { account: accountCovered / EXPERIMENTS, naive: naiveCovered / EXPERIMENTS };
}

describe('A/A simulation with users clustered in accounts', () => {
  it('account-level intervals cover 0 about 95 % of the time; response-level ones do not', () => {
    const { account, naive } = simulate(20260306);
    console.log(`A/A coverage over ${EXPERIMENTS} experiments of ${ACCOUNTS} accounts: account-level ${account}, naive response-level ${naive}`);
    // Binomial sd of a 95 % coverage over 500 runs: √(.95·.05/500) = 0.0097; ±3 sd ≈ [0.92, 0.98].
    expect(account).toBeGreaterThan(0.92);
    expect(account).toBeLessThan(0.98);
    // With this much clustering the naive interval is far too narrow.
    expect(naive).toBeLessThan(0.8);
  });
});
