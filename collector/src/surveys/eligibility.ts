// Survey eligibility (SPEC §4, §13) as one ordered list of rules, each a pure function of (survey,
// project throttle, history, now) giving a verdict and its reason in words. `checkEligibility` (what
// `GET /v1/surveys` serves) stops at the first failing rule; `explainEligibility` runs them all. Both
// read the same list, so the verdict and the explanation cannot disagree.
import type { ProjectConfig, SurveyConfig } from '../config.js';
import { DAY_MS, type AccountRecord, type SurveyEventRow, type UserRecord } from '../storage/store.js';
import { checkAccountTargeting, type AccountState } from './account-targeting.js';
import { sampleBucket } from './sampling.js';

export type Throttle = ProjectConfig['throttle'];

/** Everything known about the asking user when `GET /v1/surveys` is called. */
export interface SurveyHistory {
  /** userId, else anonymousId: the sampling key (stable once the user is identified). */
  sampleId: string;
  /** The page URL the SDK sent (null when absent). */
  url: string | null;
  /** The user's profile; null for a user never seen (0 days since first seen, no traits). */
  user: UserRecord | null;
  /** The account of the request: the groupId param, else the user's last group; null when none. */
  accountId: string | null;
  /** That account's latest traits; null when none or never seen. */
  account: AccountRecord | null;
  /** The user's survey events, any survey, covering at least `lookbackDays` back from now. */
  userEvents: SurveyEventRow[];
  /** The account's survey events of the last 7 days (empty without an account). */
  accountEvents: SurveyEventRow[];
  /** The account's state for `targeting.account` (loaded only when a survey has one); null: not active in the window. */
  accountState?: AccountState | null;
  /** Counted responses per survey with `maxResponses` (loaded only for those). */
  responseCounts?: ReadonlyMap<string, number>;
}

export type IneligibleReason =
  | 'inactive'
  | 'url'
  | 'account_traits'
  | 'user_traits'
  | 'too_new'
  | 'not_sampled'
  | 'recontact'
  | 'global_cooldown'
  | 'account_weekly_cap'
  | 'account_state'
  | 'max_responses';

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason };

/** One rule's verdict, as `GET /v1/admin/surveys/:id/explain` shows it. */
export interface RuleVerdict {
  rule: RuleName;
  pass: boolean;
  detail: string;
}

export interface Explanation {
  eligible: boolean;
  rules: RuleVerdict[];
}

type TraitFilter = Record<string, Array<string | number | boolean>> | null | undefined;

const scalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The first trait of the filter that holds none of its allowed values, or null when all hold. */
function failingTrait(filter: TraitFilter, traits: Record<string, unknown> | null | undefined): { name: string; value: unknown; allowed: unknown[] } | null {
  if (!filter) return null;
  for (const [name, allowed] of Object.entries(filter)) {
    const value = traits?.[name];
    const values = Array.isArray(value) ? value : [value];
    if (!values.some((v) => scalar(v) && allowed.some((a) => String(a) === String(v)))) return { name, value, allowed };
  }
  return null;
}

/**
 * Whether each named trait holds one of its allowed values. A missing trait fails; an array trait
 * passes when any element is allowed; values compare as strings (`10` matches `"10"`).
 * @example traitsMatch({ plan: ['pro'] }, { plan: 'pro' }) // → true
 */
export function traitsMatch(filter: TraitFilter, traits: Record<string, unknown> | null | undefined): boolean {
  return failingTrait(filter, traits) === null;
}

/** The account's latest traits, with the well-known ones filled from the record's columns. */
function accountTraits(account: AccountRecord | null): Record<string, unknown> | null {
  if (!account) return null;
  const known: Record<string, unknown> = {};
  if (account.name !== null) known.name = account.name;
  if (account.plan !== null) known.plan = account.plan;
  if (account.seats !== null) known.seats = account.seats;
  if (account.mrr !== null) known.mrr = account.mrr;
  return { ...known, ...account.traits };
}

/** An event counts as "within N days" when it is less than N × 24 h old. */
const within = (row: SurveyEventRow, days: number, now: number): boolean => row.timestamp > now - days * DAY_MS;

/** The newest of some events (a user's events come per id, so not in one time order). */
const newest = (rows: SurveyEventRow[]): SurveyEventRow | undefined => rows.reduce<SurveyEventRow | undefined>((a, b) => (!a || b.timestamp > a.timestamp ? b : a), undefined);

/** "3 days ago", "5 hours ago", "2 minutes ago". */
export function ago(ms: number): string {
  const [n, unit] = ms >= DAY_MS ? [Math.floor(ms / DAY_MS), 'day'] : ms >= 3_600_000 ? [Math.floor(ms / 3_600_000), 'hour'] : [Math.max(0, Math.floor(ms / 60_000)), 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

function traitRule(kind: 'account' | 'user', filter: TraitFilter, traits: Record<string, unknown> | null | undefined, who: string): { pass: boolean; detail: string } {
  if (!filter || Object.keys(filter).length === 0) return { pass: true, detail: `no ${kind} trait constraint` };
  const bad = failingTrait(filter, traits);
  if (!bad) return { pass: true, detail: `${who}: ${Object.keys(filter).map((n) => `${n} is ${JSON.stringify(traits?.[n])}`).join(', ')}` };
  const has = bad.value === undefined ? 'has no trait ' + bad.name : `${bad.name} is ${JSON.stringify(bad.value)}`;
  return { pass: false, detail: `${who} ${has}; allowed: ${bad.allowed.map(String).join(', ')}` };
}

interface RuleInput {
  survey: SurveyConfig;
  throttle: Throttle;
  history: SurveyHistory;
  now: number;
}

/** One rule: its name, its short reason code (`GET /v1/surveys` logs and tests) and its check. */
interface Rule {
  rule: string;
  reason: IneligibleReason;
  check(input: RuleInput): { pass: boolean; detail: string };
}

/** The rules of SPEC §4 and §13, in order, cheapest and most definitive first. */
const RULES = [
  {
    rule: 'active', reason: 'inactive',
    check: ({ survey }) => ({ pass: survey.active, detail: survey.active ? 'the survey is active' : 'the survey is not active' }),
  },
  {
    rule: 'urlContains', reason: 'url',
    check: ({ survey, history }) => {
      const needle = survey.targeting.urlContains;
      if (!needle) return { pass: true, detail: 'no URL constraint' };
      if (history.url === null) return { pass: false, detail: `no page URL given; urlContains is "${needle}"` };
      const pass = history.url.includes(needle);
      return { pass, detail: `page URL ${history.url} ${pass ? 'contains' : 'does not contain'} "${needle}"` };
    },
  },
  {
    rule: 'accountTraits', reason: 'account_traits',
    check: ({ survey, history }) =>
      traitRule('account', survey.targeting.accountTraits, accountTraits(history.account), history.accountId ? `account ${history.accountId}` : 'no account;'),
  },
  {
    rule: 'userTraits', reason: 'user_traits',
    check: ({ survey, history }) => traitRule('user', survey.targeting.userTraits, history.user?.traits, history.user ? `user ${history.sampleId}` : 'unknown user;'),
  },
  {
    rule: 'minDaysSinceFirstSeen', reason: 'too_new',
    check: ({ survey, history, now }) => {
      const min = survey.targeting.minDaysSinceFirstSeen;
      const ageMs = history.user ? now - history.user.firstSeen : 0;
      const seen = history.user ? `first seen ${ago(ageMs)}` : 'never seen before';
      if (!min) return { pass: true, detail: `${seen}; no minimum` };
      return { pass: ageMs >= min * DAY_MS, detail: `${seen}; minDaysSinceFirstSeen is ${min}` };
    },
  },
  {
    rule: 'sampleRate', reason: 'not_sampled',
    check: ({ survey, history }) => {
      const bucket = sampleBucket(history.sampleId, survey.id);
      const pass = bucket < survey.targeting.sampleRate;
      return { pass, detail: `sampling bucket ${bucket.toFixed(4)} is ${pass ? 'below' : 'not below'} sampleRate ${survey.targeting.sampleRate}` };
    },
  },
  {
    rule: 'recontactDays', reason: 'recontact',
    check: ({ survey, history, now }) => {
      const last = newest(history.userEvents.filter((e) => e.surveyId === survey.id && (e.kind === 'answered' || e.kind === 'dismissed') && within(e, survey.recontactDays, now)));
      if (!last) return { pass: true, detail: `not answered or dismissed in the last ${survey.recontactDays} days` };
      return { pass: false, detail: `${last.kind} ${ago(now - last.timestamp)}; recontactDays is ${survey.recontactDays}` };
    },
  },
  {
    rule: 'globalCooldownDays', reason: 'global_cooldown',
    check: ({ throttle, history, now }) => {
      // Any survey event proves a survey was shown (an answer without a recorded `$survey_shown`,
      // e.g. from a server library, still means the user was asked).
      const last = newest(history.userEvents.filter((e) => within(e, throttle.globalCooldownDays, now)));
      if (!last) return { pass: true, detail: `no survey shown in the last ${throttle.globalCooldownDays} days` };
      return { pass: false, detail: `last shown ${ago(now - last.timestamp)} (${last.surveyId}); globalCooldownDays is ${throttle.globalCooldownDays}` };
    },
  },
  {
    rule: 'maxPromptsPerAccountPerWeek', reason: 'account_weekly_cap',
    check: ({ throttle, history, now }) => {
      if (history.accountId === null) return { pass: true, detail: 'no account' };
      const shown = history.accountEvents.filter((e) => e.kind === 'shown' && within(e, 7, now)).length;
      return {
        pass: shown < throttle.maxPromptsPerAccountPerWeek,
        detail: `account ${history.accountId} was shown ${shown} survey${shown === 1 ? '' : 's'} in the last 7 days; maxPromptsPerAccountPerWeek is ${throttle.maxPromptsPerAccountPerWeek}`,
      };
    },
  },
  {
    rule: 'account', reason: 'account_state',
    check: ({ survey, history }) => {
      const t = survey.targeting.account;
      if (!t || Object.keys(t).length === 0) return { pass: true, detail: 'no account state constraint' };
      if (history.accountId === null) return { pass: false, detail: 'no account; targeting.account needs one' };
      const state = history.accountState;
      if (!state) return { pass: false, detail: `account ${history.accountId} was not active in the last 30 days` };
      const parts = checkAccountTargeting(t, state);
      return { pass: parts.every((p) => p.pass), detail: `account ${history.accountId}: ${parts.map((p) => p.detail).join('; ')}` };
    },
  },
  {
    rule: 'maxResponses', reason: 'max_responses',
    check: ({ survey, history }) => {
      if (survey.maxResponses === undefined) return { pass: true, detail: 'no maxResponses' };
      const count = history.responseCounts?.get(survey.id) ?? 0;
      return { pass: count < survey.maxResponses, detail: `${count} counted response${count === 1 ? '' : 's'}; maxResponses is ${survey.maxResponses}` };
    },
  },
] as const satisfies readonly Rule[];

export type RuleName = (typeof RULES)[number]['rule'];
/** The rules' names, in the order explain lists them. */
export const RULE_NAMES: RuleName[] = RULES.map((r) => r.rule);

/**
 * Decides whether one survey may be shown to this user now: the first failing rule is the reason.
 * `skip` leaves rules out (reach sets the page URL aside).
 * @example checkEligibility(survey, { globalCooldownDays: 14, maxPromptsPerAccountPerWeek: 20 }, history, Date.now())
 */
export function checkEligibility(survey: SurveyConfig, throttle: Throttle, history: SurveyHistory, now: number, skip: readonly RuleName[] = []): Eligibility {
  for (const r of RULES as readonly Rule[]) {
    if (skip.includes(r.rule as RuleName)) continue;
    if (!r.check({ survey, throttle, history, now }).pass) return { eligible: false, reason: r.reason };
  }
  return { eligible: true };
}

/**
 * Every rule's verdict with its reason in words; `eligible` when all pass.
 * @example explainEligibility(survey, project.throttle, history, Date.now()).rules[0] // { rule: 'active', pass: true, detail: 'the survey is active' }
 */
export function explainEligibility(survey: SurveyConfig, throttle: Throttle, history: SurveyHistory, now: number): Explanation {
  const rules = (RULES as readonly Rule[]).map((r) => ({ rule: r.rule as RuleName, ...r.check({ survey, throttle, history, now }) }));
  return { eligible: rules.every((r) => r.pass), rules };
}

/**
 * How far back the user's survey events must reach for `checkEligibility` to see every relevant one.
 * @example lookbackDays(project.surveys, project.throttle) // → 90 with the default recontactDays
 */
export function lookbackDays(surveys: SurveyConfig[], throttle: Throttle): number {
  return Math.max(throttle.globalCooldownDays, 7, ...surveys.map((s) => s.recontactDays));
}
