// NPS, CSAT, CES, choice counts (SPEC §6, §13), response rate and revenue-weighted NPS as pure
// functions of survey rows.
import type { ResponsePairs, SurveyAnswerRow } from '../storage/store.js';
import { ratio } from './adoption-metrics.js';

export type SurveyKind = 'nps' | 'csat' | 'ces' | 'choice';

/** One counted response: the latest answer of a (user, survey) pair in the window. */
export interface CountedAnswer {
  surveyId: string;
  kind: SurveyKind;
  userKey: string;
  accountId: string | null;
  score: number;
  comment: string | null;
  timestamp: number;
}

export interface NpsSummary {
  score: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
}

export interface CsatSummary {
  score: number | null;
  mean: number | null;
  responses: number;
}

function validScore(kind: SurveyKind, score: number | null): score is number {
  if (score === null || !Number.isFinite(score)) return false;
  if (kind === 'nps') return score >= 0 && score <= 10;
  if (kind === 'ces') return score >= 1 && score <= 7;
  return kind === 'csat' && score >= 1 && score <= 5;
}

/**
 * NPS / CSAT: per (user, survey) only the latest `$survey_answered` in the window counts.
 * The survey's kind comes from its config definition, else from the event; answers with a score
 * outside the scale (0–10 NPS, 1–5 CSAT, 1–7 CES) or of an unknown kind are not responses; `choice`
 * answers are counted by `choiceCounts`.
 * @example countedAnswers(rowsOfTwoAnswersByOneUser, kinds).length // 1
 */
export function countedAnswers(rows: Iterable<SurveyAnswerRow>, configuredKinds: ReadonlyMap<string, SurveyKind>): CountedAnswer[] {
  const latest = new Map<string, CountedAnswer>();
  for (const row of rows) {
    const kind = configuredKinds.get(row.surveyId) ?? row.surveyKind;
    if (!kind || !validScore(kind, row.score)) continue;
    const key = `${row.userKey}\u0000${row.surveyId}`;
    const seen = latest.get(key);
    // Equal times: the later row wins (the SDK resends an answer with its comment).
    if (seen && seen.timestamp > row.timestamp) continue;
    latest.set(key, {
      surveyId: row.surveyId, kind, userKey: row.userKey, accountId: row.accountId,
      score: row.score, comment: row.comment, timestamp: row.timestamp,
    });
  }
  return [...latest.values()];
}

/**
 * NPS: promoters score 9–10, detractors 0–6; NPS = 100 × (promoters − detractors) / responses.
 * @example npsSummary([10, 9, 7, 3]).score // 25
 */
export function npsSummary(scores: Iterable<number>): NpsSummary {
  let promoters = 0, passives = 0, detractors = 0;
  for (const s of scores) {
    if (s >= 9) promoters++;
    else if (s >= 7) passives++;
    else detractors++;
  }
  const responses = promoters + passives + detractors;
  return { score: responses ? (100 * (promoters - detractors)) / responses : null, promoters, passives, detractors, responses };
}

/** Responses, their sum, and how many score `threshold` or more (CSAT and CES both count "top" scores). */
function tallyScores(scores: Iterable<number>, threshold: number): { atLeast: number; sum: number; responses: number } {
  let atLeast = 0, sum = 0, responses = 0;
  for (const s of scores) {
    responses++;
    sum += s;
    if (s >= threshold) atLeast++;
  }
  return { atLeast, sum, responses };
}

/**
 * CSAT (1–5 scale) = 100 × responses scoring 4–5 / responses; `mean` is the mean score.
 * @example csatSummary([5, 4, 2]) // { score: 66.66…, mean: 3.66…, responses: 3 }
 */
export function csatSummary(scores: Iterable<number>): CsatSummary {
  const { atLeast: satisfied, sum, responses } = tallyScores(scores, 4);
  return { score: responses ? (100 * satisfied) / responses : null, mean: responses ? sum / responses : null, responses };
}

/**
 * Response rate = (user, survey) pairs answered / (user, survey) pairs shown, in the window.
 * Only answered pairs that were also shown in the window count, so the rate stays a fraction 0…1
 * (an answer to a prompt shown before the window is not this window's response to a prompt). The
 * stores count the pairs (`surveyResponsePairs`, `accountSurveyPairs`).
 * @example responseRate({ shown: 4, answered: 3 }) // 0.75
 */
export function responseRate(pairs: ResponsePairs): number | null {
  return ratio(pairs.answered, pairs.shown);
}

/**
 * Pairs of several surveys together: a pair is one user and one survey, so the counts add up.
 * @example sumPairs([{ shown: 4, answered: 3 }, { shown: 2, answered: 0 }]) // { shown: 6, answered: 3 }
 */
export function sumPairs(rows: Iterable<ResponsePairs>): ResponsePairs {
  const total = { shown: 0, answered: 0 };
  for (const r of rows) {
    total.shown += r.shown;
    total.answered += r.answered;
  }
  return total;
}

/**
 * Revenue-weighted NPS = Σ mrr(A)·NPS(A) / Σ mrr(A) over accounts with responses and mrr > 0.
 * @example revenueWeightedNps([{ mrr: 100, nps: 50 }, { mrr: 300, nps: -50 }]) // -25
 */
export function revenueWeightedNps(accounts: Iterable<{ mrr: number | null; nps: number | null }>): number | null {
  let weighted = 0, total = 0;
  for (const a of accounts) {
    if (a.nps === null || a.mrr === null || !(a.mrr > 0)) continue;
    weighted += a.mrr * a.nps;
    total += a.mrr;
  }
  return total > 0 ? weighted / total : null;
}

export interface CesSummary {
  mean: number | null;
  /** Share of responses scoring 5–7 ("easy"), 0…1. */
  easyShare: number | null;
  responses: number;
}

/**
 * CES (1–7, "how easy"): the mean score and the share of responses scoring 5–7.
 * @example cesSummary([7, 5, 4, 1]) // { mean: 4.25, easyShare: 0.5, responses: 4 }
 */
export function cesSummary(scores: Iterable<number>): CesSummary {
  const { atLeast: easy, sum, responses } = tallyScores(scores, 5);
  return { mean: responses ? sum / responses : null, easyShare: ratio(easy, responses), responses };
}

export interface ChoiceSummary {
  responses: number;
  /** Counted responses per picked key (`other` for the free-text option). */
  counts: Record<string, number>;
}

/**
 * Choice surveys: per (user, survey) only the latest answer with a picked key in the window counts;
 * the result is the count per key of each survey.
 * @example choiceCounts(rows, kinds).get('exit') // { responses: 3, counts: { price: 2, other: 1 } }
 */
export function choiceCounts(rows: Iterable<SurveyAnswerRow>, configuredKinds: ReadonlyMap<string, SurveyKind>): Map<string, ChoiceSummary> {
  const latest = new Map<string, SurveyAnswerRow>();
  for (const row of rows) {
    if ((configuredKinds.get(row.surveyId) ?? row.surveyKind) !== 'choice' || row.choice === null) continue;
    const key = `${row.userKey}\u0000${row.surveyId}`;
    const seen = latest.get(key);
    if (seen && seen.timestamp > row.timestamp) continue;
    latest.set(key, row);
  }
  const out = new Map<string, ChoiceSummary>();
  for (const row of latest.values()) {
    const summary = out.get(row.surveyId) ?? { responses: 0, counts: {} };
    summary.responses++;
    summary.counts[row.choice!] = (summary.counts[row.choice!] ?? 0) + 1;
    out.set(row.surveyId, summary);
  }
  return out;
  }

