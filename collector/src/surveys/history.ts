// Loads what eligibility needs about one user from the store, fresh on every call (SPEC §3: read
// your writes, so no cache may hide an answer or a dismissal acknowledged a moment ago).
import type { ProjectConfig } from '../config.js';
import { DAY_MS, type Store, type SurveyEventRow, type UserRecord } from '../storage/store.js';
import { lookbackDays, type SurveyHistory } from './eligibility.js';
import { accountState } from './account-state.js';
import { needsAdoption } from './account-targeting.js';
import { countedResponses } from './response-count.js';

/** The asking browser, as `GET /v1/surveys` names it. */
export interface SurveyRequest {
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  url: string | null;
}

// Stored times are never later than their receipt, but a pinned test clock may lag the wall clock.
const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

/**
 * Reads the user's profile, account and recent survey events. Events stored under the anonymousId
 * count as the user's too, so a survey answered before `identify` is not asked again after it.
 * @example const history = await loadSurveyHistory(store, project, { userId: 'u1', anonymousId: 'a1', groupId: null, url }, Date.now())
 */
export async function loadSurveyHistory(store: Store, project: ProjectConfig, request: SurveyRequest, now: number): Promise<SurveyHistory> {
  const keys = [...new Set([request.userId, request.anonymousId].filter((k): k is string => !!k))];
  const sampleId = keys[0];
  const user = mergeProfiles(await Promise.all(keys.map((key) => store.getUser(project.id, key))));
  const accountId = request.groupId || user?.lastGroupId || null;

  const fromMs = now - lookbackDays(project.surveys, project.throttle) * DAY_MS;
  const perKey = await Promise.all(keys.map((userKey) => store.surveyEvents(project.id, { fromMs, toMs: FAR_FUTURE, userKey })));
  const seen = new Set<string>();
  const userEvents: SurveyEventRow[] = [];
  for (const row of perKey.flat()) {
    if (seen.has(row.messageId)) continue;
    seen.add(row.messageId);
    userEvents.push(row);
  }

  const [account, accountEvents] = accountId
    ? await Promise.all([store.getAccount(project.id, accountId), store.surveyEvents(project.id, { fromMs: now - 7 * DAY_MS, toMs: FAR_FUTURE, accountId })])
    : [null, []];
  return { sampleId, url: request.url, user, accountId, account, userEvents, accountEvents, ...(await surveyFacts(store, project, accountId, now)) };
}

/** What only some surveys' rules need: the account's state (`targeting.account`) and response counts (`maxResponses`). */
export async function surveyFacts(store: Store, project: ProjectConfig, accountId: string | null, now: number): Promise<Pick<SurveyHistory, 'accountState' | 'responseCounts'>> {
  const targeted = project.surveys.filter((s) => s.targeting.account && Object.keys(s.targeting.account).length > 0);
  const capped = project.surveys.filter((s) => s.maxResponses !== undefined);
  const [state, counts] = await Promise.all([
    accountId && targeted.length ? accountState(store, project, accountId, targeted.some((s) => needsAdoption(s.targeting.account)), now) : null,
    Promise.all(capped.map(async (s) => [s.id, await countedResponses(store, project, s)] as const)),
  ]);
  return { accountState: state, responseCounts: new Map(counts) };
}

/**
 * One profile from the userId's and the anonymousId's: traits and last group of the identified one
 * first, and first seen when either was (browsing before `identify` counts as time in the product).
 */
function mergeProfiles(profiles: Array<UserRecord | null>): UserRecord | null {
  const known = profiles.filter((p): p is UserRecord => p !== null);
  if (known.length === 0) return null;
  const [main, ...rest] = known;
  return {
    ...main,
    traits: { ...Object.assign({}, ...rest.map((p) => p.traits)), ...main.traits },
    lastGroupId: main.lastGroupId ?? rest.find((p) => p.lastGroupId)?.lastGroupId ?? null,
    firstSeen: Math.min(...known.map((p) => p.firstSeen)),
  };
}
