// The report shapes of SPEC §6 as the dashboard reads them. Every field is optional: the page
// shows "—" for anything missing instead of failing, so an older or newer collector still renders.

export interface NpsSummary {
  score?: number | null;
  promoters?: number;
  passives?: number;
  detractors?: number;
  responses?: number;
}

export interface CsatSummary {
  score?: number | null;
  mean?: number | null;
  responses?: number;
}

export interface FeatureRow {
  key?: string;
  name?: string;
  core?: boolean;
  accountsAdopted?: number;
  accountAdoptionRate?: number | null;
  usersUsed?: number;
  userAdoptionRate?: number | null;
  events?: number;
}

export interface HealthParts {
  breadth?: number | null;
  seatUtilization?: number | null;
  stickiness?: number | null;
  nps?: number | null;
}

export interface AccountRow {
  accountId: string;
  name?: string | null;
  plan?: string | null;
  seats?: number | null;
  mrr?: number | null;
  activeUsers?: number;
  seatUtilization?: number | null;
  breadth?: number | null;
  depth?: number | null;
  stickiness?: number | null;
  timeToValueHours?: number | null;
  nps?: number | null;
  csat?: number | null;
  responses?: number;
  health?: number | null;
  healthParts?: HealthParts;
  risks?: string[];
  lastSeen?: string | null;
  sessions?: number;
  sessionsPerUserPerWeek?: number | null;
  avgSessionMinutes?: number | null;
  referralRate?: number | null;
}

export interface Overview {
  activeAccounts?: number;
  activeUsers?: number;
  nps?: NpsSummary;
  csat?: CsatSummary;
  revenueWeightedNps?: number | null;
  responseRate?: number | null;
  topFeatures?: FeatureRow[];
  healthDistribution?: unknown;
  activationRate?: number | null;
  churnedAccounts?: number;
  churnRate?: number | null;
  mrrChurned?: number | null;
  conversionRate?: number | null;
  mrrAtRisk?: number | null;
  mrr?: number | null;
  arpa?: number | null;
  arpu?: number | null;
  ltv?: number | null;
  cac?: number | null;
  ltvToCac?: number | null;
  sessionsPerUserPerWeek?: number | null;
  avgSessionMinutes?: number | null;
  referralRate?: number | null;
}

export interface AccountsReport {
  accounts?: AccountRow[];
}

export interface FeaturesReport {
  features?: FeatureRow[];
}

export interface SatisfactionPlanRow {
  plan?: string | null;
  accounts?: number;
  nps?: number | null;
  npsResponses?: number;
  csat?: number | null;
  csatResponses?: number;
  responses?: number;
}

/** Satisfaction report; the trend and verbatim lists are read through `normalize.ts`. */
export interface SatisfactionReport {
  nps?: NpsSummary;
  csat?: CsatSummary;
  revenueWeightedNps?: number | null;
  responseRate?: number | null;
  byPlan?: SatisfactionPlanRow[];
  [key: string]: unknown;
}

/** Account detail: the accounts row plus features, users, trend and verbatims. */
export interface AccountDetail extends AccountRow {
  features?: AccountFeature[];
  users?: unknown[];
  [key: string]: unknown;
}

export interface AccountFeature {
  key?: string;
  name?: string;
  core?: boolean;
  users?: number;
  adopted?: boolean;
  firstUsed?: string | null;
  lastUsed?: string | null;
  events?: number;
}
