// Loads what a report needs from the Store's rollup reads (never raw events), once per request.
import type { ProjectConfig } from '../config.js';
import type {
  AccountDayRow, AccountRecord, ActivePairRow, FeatureAdoption, FeatureSummary, PlanChangeRow, SessionTotalRow, Store, SurveyEventRow, UserActivityRow,
} from '../storage/store.js';
import { buildFeatureCatalog, type FeatureCatalog } from './feature-catalog.js';
import { previousWindow, type ReportWindow } from './window.js';

export interface ReportInputs {
  project: ProjectConfig;
  window: ReportWindow;
  accounts: Map<string, AccountRecord>;
  /** (user, account) pairs active in the window or in the previous window of equal length (churn, usage drop). */
  pairs: ActivePairRow[];
  /** Per active user of the account: events, active days, last seen (the account page only). */
  userDetail: UserActivityRow[];
  accountDays: AccountDayRow[];
  /** Feature names seen in the window (every account's) as features: catalog entries, then names of their own. */
  catalog: FeatureCatalog;
  /**
   * Feature use: for one account (the account page), its members per (user, event) and its usage per
   * event; for every account, counted per feature key in storage (`summary`).
   */
  featureAdoption: FeatureAdoption;
  featureSummary: FeatureSummary | null;
  sessions: SessionTotalRow[];
  /** Account → first activation event ever (ms). */
  firstActivation: Map<string, number>;
  planChanges: PlanChangeRow[];
  surveyRows: SurveyEventRow[];
}

/** Which inputs a report reads; the rest stay empty. */
export interface InputNeeds {
  activity?: boolean;
  userDetail?: boolean;
  accountDays?: boolean;
  featureAdoption?: boolean;
  sessions?: boolean;
  firstActivation?: boolean;
  planChanges?: boolean;
  surveyRows?: boolean;
}

export const ALL_INPUTS: Required<InputNeeds> = {
  activity: true, userDetail: false, accountDays: true, featureAdoption: true, sessions: true, firstActivation: true, planChanges: true, surveyRows: true,
};

const NO_FEATURES: FeatureAdoption = { users: [], eventTotals: [], accountTotals: [] };

/**
 * Reads the rollups a report needs for one project and window; with `accountId`, the per-account
 * reads that support it return that account's rows only (the account page).
 * @example const inputs = await loadReportInputs(store, project, window, ALL_INPUTS)
 */
export async function loadReportInputs(
  store: Store, project: ProjectConfig, window: ReportWindow, needs: InputNeeds, accountId?: string,
): Promise<ReportInputs> {
  const id = project.id;
  const prev = previousWindow(window);
  const activationEvents = project.activation.events;
  const [accounts, pairs, userDetail, accountDays, featureAdoption, sessions, firstEvents, planChanges, surveyRows] = await Promise.all([
    store.listAccounts(id),
    needs.activity ? store.activePairs(id, prev.fromDay, window.fromDay, window.toDay, accountId) : [],
    needs.userDetail ? store.userActivity(id, window.fromDay, window.toDay, accountId) : [],
    needs.accountDays ? store.accountDays(id, window.fromDay, window.toDay, accountId) : [],
    !needs.featureAdoption ? NO_FEATURES
      : accountId !== undefined ? store.featureAdoption(id, window.fromDay, window.toDay, accountId)
      : store.featureEventTotals(id, window.fromDay, window.toDay).then((eventTotals): FeatureAdoption => ({ users: [], eventTotals, accountTotals: [] })),
    needs.sessions ? store.sessionTotals(id, window.fromDay, window.toDay, accountId) : [],
    needs.firstActivation && activationEvents.length > 0 ? store.firstEvents(id, activationEvents) : [],
    needs.planChanges ? store.planChanges(id) : [],
    needs.surveyRows ? store.surveyEvents(id, { fromMs: window.from, toMs: window.to }) : [],
  ]);
  const catalog = buildFeatureCatalog(project.features, featureAdoption.eventTotals.map((t) => t.event));
  let featureSummary: FeatureSummary | null = null;
  if (needs.featureAdoption && accountId === undefined) {
    const featureOf: [string, string][] = [];
    for (const t of featureAdoption.eventTotals) for (const f of catalog.featuresOfEvent(t.event)) featureOf.push([t.event, f.key]);
    featureSummary = await store.featureSummary(id, window.fromDay, window.toDay, featureOf, project.referral.events);
  }
  const firstActivation = new Map<string, number>();
  for (const row of firstEvents) {
    const held = firstActivation.get(row.accountId);
    if (held === undefined || row.firstTs < held) firstActivation.set(row.accountId, row.firstTs);
  }
  return {
    project, window,
    accounts: new Map(accounts.map((a) => [a.accountId, a])),
    pairs, userDetail, accountDays, catalog, featureAdoption, featureSummary, sessions, firstActivation, planChanges, surveyRows,
  };
}
