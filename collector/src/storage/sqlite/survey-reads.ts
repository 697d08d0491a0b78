// The SQLite store's survey reads: survey events of a time range (optionally of one survey, user or
// account) and the answers among them, read as raw rows (arrays) and mapped in one pass.
import type { Database as Db, Statement } from 'better-sqlite3';
import { toAccount } from '../row-mappers.js';
import type { SurveyAnswerRow, SurveyEventKind, SurveyEventQuery, SurveyEventRow } from '../store.js';

/** A survey_events row as an array (raw read): kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, ts, message_id, choice. */
type SurveyDbRow = [string, string, string | null, string | null, string, string, number | null, string | null, number, string, string | null];

/** A `surveyAnswers` row as an array: survey_id, survey_kind, user_key, account_id, score, comment, ts, choice. */
export type SurveyAnswerDbRow = [string, string | null, string, string, number | null, string | null, number, string | null];

/** The statements of `readSurveyEvents`, prepared on first use, one per combination of filters. */
export interface SurveyQueries {
  db: Db;
  bySql: Map<string, Statement>;
}

export const surveyQueries = (db: Db): SurveyQueries => ({ db, bySql: new Map() });

/**
 * Survey events in [fromMs, toMs) in time order, optionally of one survey, user or account.
 * @example const rows = readSurveyEvents(surveyQueries(db), 'demo', { fromMs, toMs, userKey: 'u1' })
 */
export function readSurveyEvents(queries: SurveyQueries, project: string, query: SurveyEventQuery): SurveyEventRow[] {
  const where = ['project = ?', 'ts >= ?', 'ts < ?'];
  const params: unknown[] = [project, query.fromMs, query.toMs];
  if (query.surveyId !== undefined) (where.push('survey_id = ?'), params.push(query.surveyId));
  if (query.userKey !== undefined) (where.push('user_key = ?'), params.push(query.userKey));
  if (query.accountId !== undefined) (where.push('account_id = ?'), params.push(query.accountId));
  // Without statistics SQLite prefers the time index even for one user's history (a scan of the window).
  const index = query.userKey !== undefined ? 'INDEXED BY survey_events_by_user' : query.accountId !== undefined ? 'INDEXED BY survey_events_by_account' : '';
  const sql = `SELECT kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, ts, message_id, choice
    FROM survey_events ${index} WHERE ${where.join(' AND ')} ORDER BY ts, message_id`;
  let stmt = queries.bySql.get(sql);
  if (!stmt) queries.bySql.set(sql, (stmt = queries.db.prepare(sql).raw()));
  const rows = stmt.all(...params) as SurveyDbRow[];
  const out = new Array<SurveyEventRow>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = {
      kind: r[0] as SurveyEventKind, surveyId: r[1], surveyKind: r[2] as SurveyEventRow['surveyKind'], responseId: r[3], userKey: r[4],
      accountId: toAccount(r[5]), score: r[6], choice: r[10], comment: r[7], timestamp: r[8], messageId: r[9],
    };
  }
  return out;
}

/** The answers' raw rows as records, in the same order. */
export function surveyAnswerRows(rows: SurveyAnswerDbRow[]): SurveyAnswerRow[] {
  const out = new Array<SurveyAnswerRow>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = {
      surveyId: r[0], surveyKind: r[1] as SurveyAnswerRow['surveyKind'], userKey: r[2], accountId: toAccount(r[3]), score: r[4], choice: r[7], comment: r[5], timestamp: r[6],
    };
  }
  return out;
}
