// GET /v1/reports/features: per feature, how many accounts adopted it and how many users used it.
import { accountAdoptionRate, userAdoptionRate } from './adoption-metrics.js';
import type { ReportIndex } from './report-index.js';
import { isoTime } from './window.js';
import { defineReport } from './report-definition.js';
import { tableOf } from './report-tables.js';

export interface FeatureRow {
  key: string;
  name: string;
  core: boolean;
  accountsAdopted: number;
  accountAdoptionRate: number | null;
  usersUsed: number;
  userAdoptionRate: number | null;
  events: number;
}

/**
 * Every feature (catalog entries, then un-cataloged names seen), most adopted first.
 * Adopted: account A adopted feature F when ≥ 1 user of A used F in the window.
 * @example featureRows(index)[0].accountAdoptionRate
 */
export function featureRows(index: ReportIndex): FeatureRow[] {
  const activeAccounts = index.activeUsersByAccount.size;
  const activeUsers = index.activeUsers;
  const rows = index.catalog.features.map((f): FeatureRow => {
    const t = index.featureTotals.get(f.key);
    const accountsAdopted = t?.accounts ?? 0;
    const usersUsed = t?.users ?? 0;
    return {
      key: f.key, name: f.name, core: f.core,
      accountsAdopted, accountAdoptionRate: accountAdoptionRate(accountsAdopted, activeAccounts),
      usersUsed, userAdoptionRate: userAdoptionRate(usersUsed, activeUsers),
      events: t?.events ?? 0,
    };
  });
  return rows.sort((a, b) => b.accountsAdopted - a.accountsAdopted || b.usersUsed - a.usersUsed || b.events - a.events || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface FeaturesReport {
  from: string;
  to: string;
  activeAccounts: number;
  activeUsers: number;
  /** Size of the core set (the denominator of breadth). */
  coreFeatures: number;
  features: FeatureRow[];
}

/** Assembles the features report. */
export function featuresReport(index: ReportIndex): FeaturesReport {
  const w = index.inputs.window;
  return {
    from: isoTime(w.from)!, to: isoTime(w.to)!,
    activeAccounts: index.activeUsersByAccount.size, activeUsers: index.activeUsers, coreFeatures: index.catalog.coreSize,
    features: featureRows(index),
  };
}

/** GET /v1/reports/features; one CSV row per feature. */
export const featuresDefinition = defineReport<FeaturesReport>({
  name: 'features',
  path: '/v1/reports/features',
  inputs: { activity: true, featureAdoption: true, featureUse: true },
  build: ({ index }) => featuresReport(index),
  csv: (report) => tableOf(['key', 'name', 'core', 'accountsAdopted', 'accountAdoptionRate', 'usersUsed', 'userAdoptionRate', 'events'], report.features),
});
