// PostgreSQL side of the survey reads: survey events and answers of a time range, and the response
// rate's (user, survey) pairs counted in SQL, overall and per account.
import type { AccountSurveyPairsRow, SurveyAnswerRow, SurveyEventKind, SurveyEventQuery, SurveyEventRow, SurveyPairsRow } from '../store.js';
import { toAccount } from '../row-mappers.js';

type Rows = <R extends Record<string, unknown>>(sql: string, params: unknown[]) => Promise<R[]>;

type SurveyDbRow = {
  kind: string;
  survey_id: string;
  survey_kind: string | null;
  response_id: string | null;
  user_key: string;
  account_id: string;
  score: number | null;
  comment: string | null;
  choice: string | null;
  ts: number;
  message_id: string;
};

export async function pgSurveyEvents(rows: Rows, project: string, query: SurveyEventQuery): Promise<SurveyEventRow[]> {
  const where = ['project = $1', 'ts >= $2', 'ts < $3'];
  const params: unknown[] = [project, query.fromMs, query.toMs];
  const filter = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  filter('survey_id', query.surveyId);
  filter('user_key', query.userKey);
  filter('account_id', query.accountId);
  const found = await rows<SurveyDbRow>(
    `SELECT kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, ts, message_id, choice
      FROM survey_events WHERE ${where.join(' AND ')} ORDER BY ts, message_id`,
    params,
  );
  return found.map((r) => ({
    kind: r.kind as SurveyEventKind,
    surveyId: r.survey_id,
    surveyKind: r.survey_kind as SurveyEventRow['surveyKind'],
    responseId: r.response_id,
    userKey: r.user_key,
    accountId: toAccount(r.account_id),
    score: r.score,
    choice: r.choice,
    comment: r.comment,
    timestamp: r.ts,
    messageId: r.message_id,
  }));
}

export async function pgSurveyAnswers(rows: Rows, project: string, fromMs: number, toMs: number, accountIds?: readonly string[]): Promise<SurveyAnswerRow[]> {
  const found = await rows<{ survey_id: string; survey_kind: string | null; user_key: string; account_id: string; score: number | null; comment: string | null; ts: number; choice: string | null }>(
    `SELECT survey_id, survey_kind, user_key, account_id, score, comment, ts, choice FROM survey_events
      WHERE project = $1 AND ts >= $2 AND ts < $3 AND kind = 'answered'${accountIds === undefined ? '' : ' AND account_id = ANY($4::text[])'} ORDER BY ts, message_id`,
    accountIds === undefined ? [project, fromMs, toMs] : [project, fromMs, toMs, accountIds],
  );
  return found.map((r) => ({
    surveyId: r.survey_id, surveyKind: r.survey_kind as SurveyAnswerRow['surveyKind'], userKey: r.user_key,
    accountId: toAccount(r.account_id), score: r.score, choice: r.choice, comment: r.comment, timestamp: r.ts,
  }));
}

export async function pgSurveyResponsePairs(rows: Rows, project: string, fromMs: number, toMs: number, accountIds?: readonly string[]): Promise<SurveyPairsRow[]> {
  const found = await rows<{ survey_id: string; shown: number; answered: number }>(
    `SELECT survey_id, count(*) FILTER (WHERE shown)::int AS shown, count(*) FILTER (WHERE shown AND answered)::int AS answered FROM (
      SELECT survey_id, bool_or(kind = 'shown') AS shown, bool_or(kind = 'answered') AS answered FROM survey_events
      WHERE project = $1 AND ts >= $2 AND ts < $3${accountIds === undefined ? '' : ' AND account_id = ANY($4::text[])'} GROUP BY survey_id, user_key) p GROUP BY survey_id`,
    accountIds === undefined ? [project, fromMs, toMs] : [project, fromMs, toMs, accountIds],
  );
  return found.map((r) => ({ surveyId: r.survey_id, shown: r.shown, answered: r.answered }));
}

export async function pgAccountSurveyPairs(rows: Rows, project: string, fromMs: number, toMs: number): Promise<AccountSurveyPairsRow[]> {
  const found = await rows<{ account_id: string; survey_id: string; shown: number; answered: number }>(
    `SELECT account_id, survey_id, count(*) FILTER (WHERE shown)::int AS shown, count(*) FILTER (WHERE shown AND answered)::int AS answered FROM (
      SELECT account_id, survey_id, bool_or(kind = 'shown') AS shown, bool_or(kind = 'answered') AS answered FROM survey_events
      WHERE project = $1 AND ts >= $2 AND ts < $3 AND account_id <> '' GROUP BY account_id, survey_id, user_key) p GROUP BY account_id, survey_id`,
    [project, fromMs, toMs],
  );
  return found.map((r) => ({ accountId: r.account_id, surveyId: r.survey_id, shown: r.shown, answered: r.answered }));
}
