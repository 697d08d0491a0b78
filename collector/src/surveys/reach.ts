// Reach of a survey (SPEC §13): of the users and accounts active in the last 30 days, how many would
// be eligible now — trigger and page URL aside — and how many each rule excludes. The histories are
// read in a few bulk reads and judged by the same rule list as `GET /v1/surveys`.
import type { ProjectConfig, SurveyConfig } from '../config.js';
import { DAY_MS, dayOf, type Store, type SurveyEventRow } from '../storage/store.js';
import { accountState, activeAccountStates } from './account-state.js';
import { needsAdoption, type AccountState } from './account-targeting.js';
import { explainEligibility, lookbackDays, RULE_NAMES, type RuleName, type SurveyHistory } from './eligibility.js';
import { countedResponses } from './response-count.js';

/** The rules reach sets aside: it asks about the users, not about a page. */
const ASIDE: RuleName[] = ['urlContains'];

export interface SurveyReach {
  surveyId: string;
  /** Active window: the last 30 days ending now (ISO). */
  from: string;
  to: string;
  users: { active: number; eligible: number };
  /** An account is eligible when at least one of its active users is. */
  accounts: { active: number; eligible: number };
  /** Per rule (every rule but urlContains, in order): active users it fails, and active accounts it fails for all their users. */
  rules: Array<{ rule: RuleName; excludedUsers: number; excludedAccounts: number }>;
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * Counts who would be eligible for a survey now.
 * @example const reach = await surveyReach(store, project, survey, Date.now()); reach.users.eligible
 */
export async function surveyReach(store: Store, project: ProjectConfig, survey: SurveyConfig, now: number): Promise<SurveyReach> {
  const toDay = dayOf(now) + 1;
  const fromDay = toDay - 30;
  const activity = await store.userActivity(project.id, fromDay, toDay);
  const keys = [...new Set(activity.map((r) => r.userKey))];
  const lookbackFrom = now - lookbackDays(project.surveys, project.throttle) * DAY_MS;
  const [users, accounts, events, responses] = await Promise.all([
    store.listUsers(project.id, keys),
    store.listAccounts(project.id),
    store.surveyEvents(project.id, { fromMs: lookbackFrom, toMs: Number.MAX_SAFE_INTEGER }),
    survey.maxResponses !== undefined ? countedResponses(store, project, survey) : 0,
  ]);
  const userByKey = new Map(users.map((u) => [u.userKey, u]));
  const accountById = new Map(accounts.map((a) => [a.accountId, a]));
  const eventsByUser = new Map<string, SurveyEventRow[]>();
  const eventsByAccount = new Map<string, SurveyEventRow[]>();
  for (const e of events) {
    push(eventsByUser, e.userKey, e);
    if (e.accountId !== null && e.timestamp >= now - 7 * DAY_MS) push(eventsByAccount, e.accountId, e);
  }
  // A user's account: their last group, else the account they were active in.
  const activityAccount = new Map<string, string>();
  for (const r of activity) if (r.accountId !== null) activityAccount.set(r.userKey, r.accountId);

  const targeting = survey.targeting.account;
  const withState = !!targeting && Object.keys(targeting).length > 0;
  const states = withState ? await activeAccountStates(store, project, now) : new Map();
  const stateCache = new Map<string, Promise<AccountState | null>>();
  const stateOf = (accountId: string) => {
    if (!states.has(accountId)) return Promise.resolve(null);
    let state = stateCache.get(accountId);
    if (!state) stateCache.set(accountId, (state = accountState(store, project, accountId, needsAdoption(targeting), now)));
    return state;
  };

  const ruleNames = RULE_NAMES.filter((r) => !ASIDE.includes(r));
  const excludedUsers = new Map<RuleName, number>(ruleNames.map((r) => [r, 0]));
  const failsByAccount = new Map<string, { users: number; fails: Map<RuleName, number>; eligible: boolean }>();
  let eligibleUsers = 0;
  for (const userKey of keys) {
    const user = userByKey.get(userKey) ?? null;
    const accountId = user?.lastGroupId ?? activityAccount.get(userKey) ?? null;
    const history: SurveyHistory = {
      sampleId: userKey, url: null, user, accountId, account: accountId ? accountById.get(accountId) ?? null : null,
      userEvents: eventsByUser.get(userKey) ?? [], accountEvents: accountId ? eventsByAccount.get(accountId) ?? [] : [],
      accountState: withState && accountId ? await stateOf(accountId) : null,
      responseCounts: new Map([[survey.id, responses]]),
    };
    const failed = explainEligibility(survey, project.throttle, history, now).rules.filter((r) => !r.pass && !ASIDE.includes(r.rule)).map((r) => r.rule);
    const eligible = failed.length === 0;
    if (eligible) eligibleUsers++;
    for (const rule of failed) excludedUsers.set(rule, excludedUsers.get(rule)! + 1);
    if (accountId === null) continue;
    const entry = failsByAccount.get(accountId) ?? { users: 0, fails: new Map(), eligible: false };
    entry.users++;
    entry.eligible ||= eligible;
    for (const rule of failed) entry.fails.set(rule, (entry.fails.get(rule) ?? 0) + 1);
    failsByAccount.set(accountId, entry);
  }
  const accountsList = [...failsByAccount.values()];
  return {
    surveyId: survey.id,
    from: new Date(fromDay * DAY_MS).toISOString(),
    to: new Date(toDay * DAY_MS).toISOString(),
    users: { active: keys.length, eligible: eligibleUsers },
    accounts: { active: accountsList.length, eligible: accountsList.filter((a) => a.eligible).length },
    rules: ruleNames.map((rule) => ({
      rule, excludedUsers: excludedUsers.get(rule)!, excludedAccounts: accountsList.filter((a) => a.fails.get(rule) === a.users).length,
    })),
  };
}
