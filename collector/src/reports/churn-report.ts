// GET /v1/reports/churn (SPEC §10): the window's churned accounts (active in the previous window of
// equal length, not in this one) as they were in the previous window, churn by plan, the feature
// adoption gap between churned and retained accounts, and the reasons churned users gave.
import { DAY_MS } from '../storage/store.js';
import { accountHealth, adoptedKeys } from './account-row.js';
import { ratio } from './adoption-metrics.js';
import { churnReasons, type ChoiceSurveyDefinition, type ChurnReason } from './churn-reasons.js';
import { risks, type HealthParts, type Risk } from './health-metrics.js';
import { churn } from './lifecycle-metrics.js';
import { defineReport } from './report-definition.js';
import type { InputNeeds } from './report-inputs.js';
import { tableOf } from './report-tables.js';
import { mrrOf } from './revenue-metrics.js';
import { isoTime, previousWindow } from './window.js';

export interface ChurnedAccount {
  accountId: string;
  name: string | null;
  plan: string | null;
  seats: number | null;
  mrr: number | null;
  /** First / last stored event of the account (ISO). */
  firstSeen: string;
  lastSeen: string;
  /** Days from the first to the last stored event. */
  tenureDays: number;
  health: number | null;
  healthParts: HealthParts;
  risks: Risk[];
  nps: number | null;
  /** Keys of the features the account adopted in the previous window. */
  featuresAdopted: string[];
}

export interface ChurnPlanRow {
  plan: string | null;
  /** Accounts on the plan active in the previous window. */
  accountsBefore: number;
  churned: number;
  churnRate: number | null;
  mrrChurned: number | null;
}

export interface FeatureGapRow {
  key: string;
  name: string;
  /** Account adoption rate in the previous window among the churned accounts. */
  adoptionChurned: number | null;
  /** The same among the accounts active in both windows. */
  adoptionRetained: number | null;
}

export interface ChurnReport {
  from: string;
  to: string;
  /** The previous window, where the churned accounts were last active. */
  previousFrom: string;
  previousTo: string;
  churnedAccounts: ChurnedAccount[];
  byPlan: ChurnPlanRow[];
  featureGap: FeatureGapRow[];
  reasons: ChurnReason[];
}

/** What a churned account's health, risks, NPS and adopted features need of the previous window. */
const BEFORE_INPUTS: InputNeeds = { activity: true, accountDayTotals: true, accountFeatures: true, answers: true };

const byPlanName = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

export const churnDefinition = defineReport<ChurnReport>({
  name: 'churn',
  path: '/v1/reports/churn',
  // Nothing up front: `build` reads this window's activity (who churned: it carries the previous
  // window's too) together with the previous window's inputs, not one after the other.
  inputs: {},
  build: async ({ store, project, window, load }) => {
    const previous = previousWindow(window);
    // Exit surveys: only the `choice` surveys about churn are read, up to the window's end (an exit
    // survey is often answered after the last product use).
    const surveys = project.surveys as readonly ChoiceSurveyDefinition[];
    const exitSurveys = surveys.filter((s) => s.kind === 'choice' && s.topic === 'churn');
    const [index, before, exitEvents] = await Promise.all([
      load(window, { activity: true }),
      load(previous, BEFORE_INPUTS),
      Promise.all(exitSurveys.map((s) => store.surveyEvents(project.id, { fromMs: 0, toMs: window.to, surveyId: s.id }))),
    ]);
    const previouslyActive = new Set(index.previousActiveUsersByAccount.keys());
    const active = new Set(index.activeUsersByAccount.keys());
    const { churnedAccountIds } = churn(previouslyActive, active);
    const churned = new Set(churnedAccountIds);
    const retained = [...previouslyActive].filter((id) => active.has(id));
    const records = before.inputs.accounts;

    const churnedAccounts = churnedAccountIds.map((id): ChurnedAccount => {
      const record = records.get(id)!;
      const used = adoptedKeys(before, id);
      // Health, risks and NPS as the accounts report showed them for the previous window.
      const { activeUsers, metrics, nps, parts, health } = accountHealth(before, id, used);
      return {
        accountId: id, name: record.name, plan: record.plan, seats: record.seats, mrr: record.mrr,
        firstSeen: isoTime(record.firstSeen)!, lastSeen: isoTime(record.lastSeen)!, tenureDays: (record.lastSeen - record.firstSeen) / DAY_MS,
        health, healthParts: parts, risks: risks({ ...metrics, activeUsers, previousActiveUsers: before.previousActiveUsersByAccount.get(id) ?? 0 }), nps: nps.score,
        featuresAdopted: before.catalog.features.filter((f) => used?.has(f.key)).map((f) => f.key),
      };
    });

    const plans = new Map<string | null, string[]>();
    for (const id of previouslyActive) {
      const plan = records.get(id)?.plan ?? null;
      plans.set(plan, [...(plans.get(plan) ?? []), id]);
    }
    const byPlan = [...plans].sort(([a], [b]) => byPlanName(a, b)).map(([plan, ids]): ChurnPlanRow => {
      const n = ids.filter((id) => churned.has(id)).length;
      return {
        plan, accountsBefore: ids.length, churned: n, churnRate: ratio(n, ids.length),
        mrrChurned: mrrOf(ids.map((id) => ({ id, mrr: records.get(id)?.mrr ?? null })), (a) => churned.has(a.id)),
      };
    });

    const adoption = (ids: readonly string[], key: string) => ratio(ids.filter((id) => adoptedKeys(before, id)?.has(key)).length, ids.length);
    const featureGap = before.catalog.features.map((f): FeatureGapRow => ({
      key: f.key, name: f.name, adoptionChurned: adoption(churnedAccountIds, f.key), adoptionRetained: adoption(retained, f.key),
    }));

    // Each survey's answers in time order (later answers of a user win).
    const reasons = churnReasons(exitEvents.flat().filter((e) => e.kind === 'answered'), churned, surveys);

    return {
      from: isoTime(window.from)!, to: isoTime(window.to)!, previousFrom: isoTime(previous.from)!, previousTo: isoTime(previous.to)!,
      churnedAccounts, byPlan, featureGap, reasons,
    };
  },
  csv: (report) => tableOf(
    ['accountId', 'name', 'plan', 'seats', 'mrr', 'firstSeen', 'lastSeen', 'tenureDays', 'health', 'risks', 'nps', 'featuresAdopted'],
    report.churnedAccounts,
  ),
});
