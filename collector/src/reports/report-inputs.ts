// Loads what a report needs from the Store's rollup reads (never raw events), once per request.
import type { ProjectConfig } from '../config.js';
import type {
  AccountDayRow, AccountRecord, FeatureUsageRow, PlanChangeRow, SessionStatsRow, Store, SurveyEventRow, UserActivityRow,
} from '../storage/store.js';
import { previousWindow, type ReportWindow } from './window.js';

export interface ReportInputs {
  project: ProjectConfig;
  window: ReportWindow;
  accounts: Map<string, AccountRecord>;
  activity: UserActivityRow[];
  /** Activity in the previous window of equal length (churn, usage drop). */
  previousActivity: UserActivityRow[];
  accountDays: AccountDayRow[];
  featureUsage: FeatureUsageRow[];
  sessions: SessionStatsRow[];
  /** Account → first activation event ever (ms). */
  firstActivation: Map<string, number>;
  planChanges: PlanChangeRow[];
  surveyRows: SurveyEventRow[];
}

/** Which inputs a report reads; the rest stay empty. */
export interface InputNeeds {
  activity?: boolean;
  previousActivity?: boolean;
  accountDays?: boolean;
  featureUsage?: boolean;
  sessions?: boolean;
  firstActivation?: boolean;
  planChanges?: boolean;
  surveyRows?: boolean;
}

export const ALL_INPUTS: Required<InputNeeds> = {
  activity: true, previousActivity: true, accountDays: true, featureUsage: true, sessions: true, firstActivation: true, planChanges: true, surveyRows: true,
};

/**
 * Reads the rollups a report needs for one project and window.
 * @example const inputs = await loadReportInputs(store, project, window, ALL_INPUTS)
 */
export async function loadReportInputs(store: Store, project: ProjectConfig, window: ReportWindow, needs: InputNeeds): Promise<ReportInputs> {
  const id = project.id;
  const prev = previousWindow(window);
  const activationEvents = project.activation.events;
  const [accounts, activity, previousActivity, accountDays, featureUsage, sessions, firstEvents, planChanges, surveyRows] = await Promise.all([
    store.listAccounts(id),
    needs.activity ? store.userActivity(id, window.fromDay, window.toDay) : [],
    needs.previousActivity ? store.userActivity(id, prev.fromDay, prev.toDay) : [],
    needs.accountDays ? store.accountDays(id, window.fromDay, window.toDay) : [],
    needs.featureUsage ? store.featureUsage(id, window.fromDay, window.toDay) : [],
    needs.sessions ? store.sessionStats(id, window.from, window.to) : [],
    needs.firstActivation && activationEvents.length > 0 ? store.firstEvents(id, activationEvents) : [],
    needs.planChanges ? store.planChanges(id) : [],
    needs.surveyRows ? store.surveyEvents(id, { fromMs: window.from, toMs: window.to }) : [],
  ]);
  const firstActivation = new Map<string, number>();
  for (const row of firstEvents) {
    const held = firstActivation.get(row.accountId);
    if (held === undefined || row.firstTs < held) firstActivation.set(row.accountId, row.firstTs);
  }
  return {
    project, window,
    accounts: new Map(accounts.map((a) => [a.accountId, a])),
    activity, previousActivity, accountDays, featureUsage, sessions, firstActivation, planChanges, surveyRows,
  };
}
