// Survey eligibility (SPEC §4) as one pure function of (survey config, project throttle, history, now):
// the route loads the history from the store, this file decides. Every rule is unit-tested here.
import type { ProjectConfig, SurveyConfig } from '../config.js';
import { DAY_MS, type AccountRecord, type SurveyEventRow, type UserRecord } from '../storage/store.js';
import { inSample } from './sampling.js';

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
  | 'account_weekly_cap';

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason };

type TraitFilter = Record<string, Array<string | number | boolean>> | null | undefined;

/**
 * Whether each named trait holds one of its allowed values. A missing trait fails; an array trait
 * passes when any element is allowed; values compare as strings (`10` matches `"10"`).
 * @example traitsMatch({ plan: ['pro'] }, { plan: 'pro' }) // → true
 */
export function traitsMatch(filter: TraitFilter, traits: Record<string, unknown> | null | undefined): boolean {
  if (!filter) return true;
  for (const [name, allowed] of Object.entries(filter)) {
    const value = traits?.[name];
    const values = Array.isArray(value) ? value : [value];
    const ok = values.some(
      (v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && allowed.some((a) => String(a) === String(v)),
    );
    if (!ok) return false;
  }
  return true;
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

/**
 * Decides whether one survey may be shown to this user now. Rules run cheapest and most
 * definitive first; the first failing rule is the reason.
 * @example checkEligibility(survey, { globalCooldownDays: 14, maxPromptsPerAccountPerWeek: 20 }, history, Date.now())
 */
export function checkEligibility(survey: SurveyConfig, throttle: Throttle, history: SurveyHistory, now: number): Eligibility {
  const no = (reason: IneligibleReason): Eligibility => ({ eligible: false, reason });
  const targeting = survey.targeting;
  if (!survey.active) return no('inactive');

  if (targeting.urlContains && !(history.url ?? '').includes(targeting.urlContains)) return no('url');
  if (!traitsMatch(targeting.accountTraits, accountTraits(history.account))) return no('account_traits');
  if (!traitsMatch(targeting.userTraits, history.user?.traits)) return no('user_traits');

  const ageMs = history.user ? now - history.user.firstSeen : 0;
  if (targeting.minDaysSinceFirstSeen && ageMs < targeting.minDaysSinceFirstSeen * DAY_MS) return no('too_new');

  if (!inSample(history.sampleId, survey.id, targeting.sampleRate)) return no('not_sampled');

  const declinedOrAnswered = history.userEvents.some(
    (e) => e.surveyId === survey.id && (e.kind === 'answered' || e.kind === 'dismissed') && within(e, survey.recontactDays, now),
  );
  if (declinedOrAnswered) return no('recontact');

  // Any survey event proves a survey was shown (an answer without a recorded `$survey_shown`,
  // e.g. from a server library, still means the user was asked).
  if (history.userEvents.some((e) => within(e, throttle.globalCooldownDays, now))) return no('global_cooldown');

  if (history.accountId !== null) {
    const shownThisWeek = history.accountEvents.filter((e) => e.kind === 'shown' && within(e, 7, now)).length;
    if (shownThisWeek >= throttle.maxPromptsPerAccountPerWeek) return no('account_weekly_cap');
  }
  return { eligible: true };
}

/**
 * How far back the user's survey events must reach for `checkEligibility` to see every relevant one.
 * @example lookbackDays(project.surveys, project.throttle) // → 90 with the default recontactDays
 */
export function lookbackDays(surveys: SurveyConfig[], throttle: Throttle): number {
  return Math.max(throttle.globalCooldownDays, 7, ...surveys.map((s) => s.recontactDays));
}
