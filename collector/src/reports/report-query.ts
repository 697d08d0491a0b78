// The request of a report, as HTTP query parameters and CLI flags both give it.
export interface ReportQuery {
  from?: string | null;
  to?: string | null;
  /** satisfaction: only this survey. */
  surveyId?: string | null;
  /** retention: only 'week'. */
  period?: string | null;
  /** account page and history: the account to show. */
  accountId?: string;
}
