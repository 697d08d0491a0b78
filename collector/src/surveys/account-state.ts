// The account state `targeting.account` reads (SPEC §13): rows of the accounts report on the default
// 30-day window, which may be up to 5 minutes old, so they are cached per store and project. Feature
// adoption comes from the account report, cached per account for as long.
import type { ProjectConfig } from '../config.js';
import { runReport } from '../reports/run-report.js';
import type { Store } from '../storage/store.js';
import type { AccountState } from './account-targeting.js';

/** How old a cached account state may be. */
export const ACCOUNT_STATE_MAX_AGE_MS = 5 * 60_000;

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

interface ProjectCache {
  accounts?: Cached<Map<string, Omit<AccountState, 'adopted'>>>;
  adopted: Map<string, Cached<ReadonlySet<string>>>;
}

// Keyed by the store and the project object: a reloaded config (a new project object) starts afresh.
const caches = new WeakMap<Store, WeakMap<ProjectConfig, ProjectCache>>();

function cacheOf(store: Store, project: ProjectConfig): ProjectCache {
  let byProject = caches.get(store);
  if (!byProject) caches.set(store, (byProject = new WeakMap()));
  let cache = byProject.get(project);
  if (!cache) byProject.set(project, (cache = { adopted: new Map() }));
  return cache;
}

const fresh = <T>(entry: Cached<T> | undefined, now: number): entry is Cached<T> => !!entry && now - entry.at < ACCOUNT_STATE_MAX_AGE_MS && now >= entry.at;

/** A cached promise that is dropped when it fails, so the next call tries again. */
function remember<T>(set: (entry: Cached<T> | undefined) => void, now: number, load: () => Promise<T>): Promise<T> {
  const value = load();
  set({ at: now, value });
  value.catch(() => set(undefined));
  return value;
}

/**
 * The active accounts' states (health, risks, seat utilization) by account id, at most 5 minutes old.
 * @example (await activeAccountStates(store, project, Date.now())).get('acme')?.risks
 */
export function activeAccountStates(store: Store, project: ProjectConfig, now: number): Promise<Map<string, Omit<AccountState, 'adopted'>>> {
  const cache = cacheOf(store, project);
  if (fresh(cache.accounts, now)) return cache.accounts.value;
  return remember((e) => void (cache.accounts = e), now, async () => {
    const report = await runReport(store, project, 'accounts', {}, now);
    return new Map(report.accounts.map((a) => [a.accountId, { accountId: a.accountId, health: a.health, risks: [...a.risks], seatUtilization: a.seatUtilization }]));
  });
}

/**
 * The feature keys one account adopted in the default window, at most 5 minutes old.
 * @example (await adoptedFeatures(store, project, 'acme', Date.now())).has('reports.export')
 */
export function adoptedFeatures(store: Store, project: ProjectConfig, accountId: string, now: number): Promise<ReadonlySet<string>> {
  const cache = cacheOf(store, project);
  const entry = cache.adopted.get(accountId);
  if (fresh(entry, now)) return entry.value;
  return remember((e) => (e ? cache.adopted.set(accountId, e) : cache.adopted.delete(accountId)), now, async () => {
    const report = await runReport(store, project, 'account', { accountId }, now);
    return new Set(report.features.filter((f) => f.adopted).map((f) => f.key));
  });
}

/**
 * One account's state for `targeting.account`: null when it was not active in the window. Adoption is
 * read only when `withAdoption`.
 * @example await accountState(store, project, 'acme', true, Date.now())
 */
export async function accountState(store: Store, project: ProjectConfig, accountId: string, withAdoption: boolean, now: number): Promise<AccountState | null> {
  const row = (await activeAccountStates(store, project, now)).get(accountId);
  if (!row) return null;
  return { ...row, adopted: withAdoption ? await adoptedFeatures(store, project, accountId, now) : null };
}
