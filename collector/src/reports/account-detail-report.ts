// GET /v1/reports/accounts/:accountId: the account's row plus its feature adoption, its users, its
// weekly NPS/CSAT trend and its verbatims. An unknown account is a 404.
import { UptakeError } from '../errors.js';
import type { Store, UserRecord } from '../storage/store.js';
import { accountRow, type AccountRow } from './account-row.js';
import type { ReportIndex } from './report-index.js';
import { verbatims, weeklyTrend, type TrendWeek, type Verbatim } from './satisfaction-report.js';
import { isoTime } from './window.js';
import { defineReport } from './report-definition.js';
import { ALL_INPUTS } from './report-inputs.js';
import { tableOf } from './report-tables.js';

export interface AccountFeatureRow {
  key: string;
  name: string;
  core: boolean;
  /** The account's users who used the feature in the window. */
  users: number;
  adopted: boolean;
  /** First / last use in the window (null when not used). */
  firstUsed: string | null;
  lastUsed: string | null;
  events: number;
}

export interface AccountUserRow {
  /** userId, else anonymousId. */
  userId: string;
  /** False for an anonymous visitor (no userId yet). */
  identified: boolean;
  name: string | null;
  email: string | null;
  role: string | null;
  /** Last activity event in this account in the window. */
  lastSeen: string;
  /** Activity events in this account in the window. */
  events: number;
  activeDays: number;
  /** Distinct features used in this account in the window. */
  features: number;
}

export interface AccountDetailReport extends AccountRow {
  from: string;
  to: string;
  features: AccountFeatureRow[];
  users: AccountUserRow[];
  trend: TrendWeek[];
  verbatims: Verbatim[];
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/**
 * Assembles the account page; throws 404 for an account the project never saw.
 * @example await accountDetailReport(store, index, 'acme')
 */
export async function accountDetailReport(store: Store, index: ReportIndex, accountId: string): Promise<AccountDetailReport> {
  const { inputs } = index;
  if (!inputs.accounts.has(accountId)) throw new UptakeError('not_found', `no account "${accountId}" in project ${inputs.project.id}`);
  const row = accountRow(index, accountId);
  const used = index.featuresByAccount.get(accountId);
  const features = index.catalog.features
    .map((f): AccountFeatureRow => {
      const s = used?.get(f.key);
      return {
        key: f.key, name: f.name, core: f.core, users: s?.users ?? 0, adopted: s !== undefined,
        firstUsed: isoTime(s?.firstUsed), lastUsed: isoTime(s?.lastUsed), events: s?.events ?? 0,
      };
    })
    .sort((a, b) => b.users - a.users || b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const activity = inputs.userDetail.filter((u) => u.accountId === accountId);
  const records = new Map<string, UserRecord>((await store.listUsers(inputs.project.id, activity.map((u) => u.userKey))).map((u) => [u.userKey, u]));
  const userFeatures = new Map<string, readonly string[]>();
  for (const u of inputs.featureAdoption.users) if (u.accountId === accountId) userFeatures.set(u.userKey, index.featureKeysOf(u.events));
  const users = activity
    .map((u): AccountUserRow => {
      const traits = records.get(u.userKey)?.traits ?? {};
      return {
        userId: u.userKey, identified: (records.get(u.userKey)?.userId ?? null) !== null,
        name: text(traits.name), email: text(traits.email), role: text(traits.role),
        lastSeen: isoTime(u.lastSeen)!, events: u.events, activeDays: u.activeDays, features: userFeatures.get(u.userKey)?.length ?? 0,
      };
    })
    .sort((a, b) => b.events - a.events || (a.userId < b.userId ? -1 : 1));

  const answers = index.answersByAccount.get(accountId) ?? [];
  return {
    from: isoTime(inputs.window.from)!, to: isoTime(inputs.window.to)!,
    ...row,
    features,
    users,
    trend: weeklyTrend(inputs.answers.filter((r) => r.accountId === accountId), inputs.window, index.surveyKinds),
    verbatims: verbatims(answers, inputs.accounts),
  };
}

/** GET /v1/reports/accounts/:accountId; its CSV is the account's features. */
export const accountDefinition = defineReport<AccountDetailReport>({
  name: 'account',
  path: '/v1/reports/accounts/:accountId',
  inputs: { ...ALL_INPUTS, userDetail: true, planChanges: false, responsePairs: false },
  // The account page reads that account's rows only (the feature catalog still sees every account's names).
  scope: (query) => query.accountId ?? '',
  build: ({ store, index, query }) => accountDetailReport(store, index, query.accountId ?? ''),
  csv: (report) => tableOf(['key', 'name', 'core', 'users', 'adopted', 'firstUsed', 'lastUsed', 'events'], report.features),
  csvName: 'account-features',
});
