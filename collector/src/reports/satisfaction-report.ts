// GET /v1/reports/satisfaction[?surveyId=]: NPS, CSAT, revenue-weighted NPS and response rate,
// by account, by plan, by week, and the verbatim comments.
import type { AccountRecord, ResponsePairs, SurveyAnswerRow } from '../storage/store.js';
import { DAY_MS, dayOf } from '../storage/store.js';
import { push, type ReportIndex } from './report-index.js';
import {
  cesSummary, choiceCounts, countedAnswers, csatSummary, npsSummary, responseRate, revenueWeightedNps, sumPairs,
  type CesSummary, type ChoiceSummary, type CountedAnswer, type CsatSummary, type NpsSummary, type SurveyKind,
} from './satisfaction-metrics.js';
import { isoTime, weekStartDay, type ReportWindow } from './window.js';
import { z } from 'zod';
import { defineReport } from './report-definition.js';
import { reportQuerySchema } from './report-query.js';
import { tableOf } from './report-tables.js';

export interface SatisfactionAccountRow {
  accountId: string;
  name: string | null;
  plan: string | null;
  mrr: number | null;
  nps: number | null;
  npsResponses: number;
  csat: number | null;
  csatResponses: number;
  responses: number;
  responseRate: number | null;
}

export interface SatisfactionPlanRow {
  plan: string | null;
  accounts: number;
  nps: number | null;
  npsResponses: number;
  csat: number | null;
  csatResponses: number;
  responses: number;
}

export interface TrendWeek {
  /** Monday 00:00 UTC starting the week. */
  week: string;
  nps: NpsSummary;
  csat: CsatSummary;
}

export interface Verbatim {
  surveyId: string;
  kind: SurveyKind;
  score: number;
  comment: string;
  /** userId, else anonymousId. */
  userId: string;
  accountId: string | null;
  accountName: string | null;
  timestamp: string;
}

export interface SatisfactionReport {
  from: string;
  to: string;
  surveyId: string | null;
  nps: NpsSummary;
  csat: CsatSummary;
  revenueWeightedNps: number | null;
  responseRate: number | null;
  byAccount: SatisfactionAccountRow[];
  byPlan: SatisfactionPlanRow[];
  trend: TrendWeek[];
  verbatims: Verbatim[];
  /** Per CES survey: mean and share answering 5–7 (SPEC §13). */
  ces: Array<{ surveyId: string } & CesSummary>;
  /** Per choice survey: counted responses per key (SPEC §13). */
  choices: Array<{ surveyId: string } & ChoiceSummary>;
}

const scoresOf = (answers: CountedAnswer[], kind: SurveyKind) => answers.filter((a) => a.kind === kind).map((a) => a.score);

/** NPS and CSAT objects of a set of counted answers. */
export function summaries(answers: CountedAnswer[]): { nps: NpsSummary; csat: CsatSummary } {
  return { nps: npsSummary(scoresOf(answers, 'nps')), csat: csatSummary(scoresOf(answers, 'csat')) };
}

/**
 * NPS / CSAT by ISO week (Monday 00:00 UTC) across the window: each week counts the latest answer of
 * each (user, survey) in that week, like a one-week window (clamped to the report window).
 * @example weeklyTrend(answers, window, kinds)[0].nps.score
 */
export function weeklyTrend(answers: SurveyAnswerRow[], window: ReportWindow, kinds: ReadonlyMap<string, SurveyKind>): TrendWeek[] {
  const byWeek = new Map<number, SurveyAnswerRow[]>();
  for (const row of answers) push(byWeek, weekStartDay(dayOf(row.timestamp)), row);
  const out: TrendWeek[] = [];
  for (let week = weekStartDay(window.fromDay); week < window.toDay; week += 7) {
    out.push({ week: isoTime(week * DAY_MS)!, ...summaries(countedAnswers(byWeek.get(week) ?? [], kinds)) });
  }
  return out;
}

/** Comments of counted answers, newest first. */
export function verbatims(answers: CountedAnswer[], accounts: ReadonlyMap<string, AccountRecord>): Verbatim[] {
  return answers
    .filter((a) => a.comment !== null && a.comment.trim() !== '')
    .sort((a, b) => b.timestamp - a.timestamp)
    .map((a) => ({
      surveyId: a.surveyId, kind: a.kind, score: a.score, comment: a.comment!, userId: a.userKey, accountId: a.accountId,
      accountName: a.accountId === null ? null : accounts.get(a.accountId)?.name ?? null, timestamp: isoTime(a.timestamp)!,
    }));
}

/** Revenue-weighted NPS over every account with NPS responses (active or not) and mrr > 0. */
export function revenueWeightedNpsOf(answers: CountedAnswer[], accounts: ReadonlyMap<string, AccountRecord>): number | null {
  const byAccount = new Map<string, number[]>();
  for (const a of answers) {
    if (a.kind !== 'nps' || a.accountId === null) continue;
    const list = byAccount.get(a.accountId);
    if (list) list.push(a.score);
    else byAccount.set(a.accountId, [a.score]);
  }
  return revenueWeightedNps([...byAccount].map(([id, scores]) => ({ mrr: accounts.get(id)?.mrr ?? null, nps: npsSummary(scores).score })));
}

/**
 * Assembles the satisfaction report, optionally for one survey.
 * @example satisfactionReport(index, 'nps-2026').nps.score
 */
export function satisfactionReport(index: ReportIndex, surveyId: string | null): SatisfactionReport {
  const { inputs } = index;
  const { window, accounts } = inputs;
  const ofSurvey = <T extends { surveyId: string }>(rows: T[]): T[] => (surveyId === null ? rows : rows.filter((r) => r.surveyId === surveyId));
  const answers = ofSurvey(index.answers);

  // Every account with a survey event in the window has a row, with its own response pairs.
  const pairsByAccount = new Map<string, ResponsePairs[]>();
  for (const p of ofSurvey(inputs.accountSurveyPairs)) push(pairsByAccount, p.accountId, p);
  const answersByAccount = new Map<string, CountedAnswer[]>();
  for (const a of answers) if (a.accountId !== null) push(answersByAccount, a.accountId, a);
  const byAccount = [...pairsByAccount.keys()].sort().map((accountId): SatisfactionAccountRow => {
    const record = accounts.get(accountId);
    const s = summaries(answersByAccount.get(accountId) ?? []);
    return {
      accountId, name: record?.name ?? null, plan: record?.plan ?? null, mrr: record?.mrr ?? null,
      nps: s.nps.score, npsResponses: s.nps.responses, csat: s.csat.score, csatResponses: s.csat.responses,
      responses: s.nps.responses + s.csat.responses, responseRate: responseRate(sumPairs(pairsByAccount.get(accountId)!)),
    };
  });

  const byPlanAnswers = new Map<string | null, { accounts: number; answers: CountedAnswer[] }>();
  for (const row of byAccount) {
    const entry = byPlanAnswers.get(row.plan) ?? { accounts: 0, answers: [] };
    entry.accounts++;
    entry.answers.push(...(answersByAccount.get(row.accountId) ?? []));
    byPlanAnswers.set(row.plan, entry);
  }
  const byPlan = [...byPlanAnswers]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([plan, e]): SatisfactionPlanRow => {
      const s = summaries(e.answers);
      return { plan, accounts: e.accounts, nps: s.nps.score, npsResponses: s.nps.responses, csat: s.csat.score, csatResponses: s.csat.responses, responses: s.nps.responses + s.csat.responses };
    });

  return {
    from: isoTime(window.from)!, to: isoTime(window.to)!, surveyId,
    ...summaries(answers),
    revenueWeightedNps: revenueWeightedNpsOf(answers, accounts),
    responseRate: responseRate(sumPairs(ofSurvey(inputs.responsePairs))),
    byAccount, byPlan,
    trend: weeklyTrend(ofSurvey(inputs.answers), window, index.surveyKinds),
    verbatims: verbatims(answers, accounts),
    ...perSurveyKinds(index, answers, ofSurvey(inputs.answers), surveyId),
  };
}

/** The report's `ces` and `choices` rows: every configured survey of the kind (zeros without answers) and any other answered one. */
function perSurveyKinds(index: ReportIndex, answers: CountedAnswer[], rows: SurveyAnswerRow[], surveyId: string | null): Pick<SatisfactionReport, 'ces' | 'choices'> {
  const configured = index.inputs.project.surveys.filter((s) => surveyId === null || s.id === surveyId);
  const cesIds = new Set([...configured.filter((s) => s.kind === 'ces').map((s) => s.id), ...answers.filter((a) => a.kind === 'ces').map((a) => a.surveyId)]);
  const ces = [...cesIds].sort().map((id) => ({ surveyId: id, ...cesSummary(answers.filter((a) => a.surveyId === id && a.kind === 'ces').map((a) => a.score)) }));
  const counted = choiceCounts(rows, index.surveyKinds);
  const choiceIds = new Set([...configured.filter((s) => s.kind === 'choice').map((s) => s.id), ...counted.keys()]);
  const choices = [...choiceIds].sort().map((id) => {
    const summary = counted.get(id) ?? { responses: 0, counts: {} };
    const survey = configured.find((s) => s.id === id);
    const keys = [...(survey?.choices ?? []).map((c) => c.key), ...(survey?.other ? ['other'] : [])];
    // Every configured key is listed, with 0 when nobody picked it.
    return { surveyId: id, responses: summary.responses, counts: { ...Object.fromEntries(keys.map((k) => [k, 0])), ...summary.counts } };
  });
  return { ces, choices };
}

/** GET /v1/reports/satisfaction[?surveyId=]; one CSV row per account. */
export const satisfactionDefinition = defineReport<SatisfactionReport>({
  name: 'satisfaction',
  path: '/v1/reports/satisfaction',
  query: reportQuerySchema.extend({ surveyId: z.string().optional() }),
  // Pairs per account: an account whose users were only shown or dismissed a survey still has a row.
  inputs: { answers: true, responsePairs: true, accountSurveyPairs: true },
  build: ({ index, query }) => satisfactionReport(index, query.surveyId || null),
  csv: (report) => tableOf(['accountId', 'name', 'plan', 'mrr', 'nps', 'npsResponses', 'csat', 'csatResponses', 'responses', 'responseRate'], report.byAccount),
});
