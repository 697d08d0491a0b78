// The SQLite store's largest per-request reads, made in two halves on both threads: the first half goes
// to the reader thread as a small read (reader.ts), the second is read on the main connection meanwhile.
// A report's main thread otherwise makes these alone while the reader thread answers the account-level
// reads; the unfiltered overview's per-user adoption (8 600 rows at 10 M events) and answers were most of
// its main thread's reads. Halves concatenate in the order one read returns, so callers see no difference;
// if the reader thread is still busy when the main thread is done, the main thread makes the half itself.
import type { SmallReadName } from './small-reads.js';
import type { ReadStatements } from './read-statements.js';
import { DAY_MS } from '../store.js';

type SmallRead = (name: SmallReadName, ...params: unknown[]) => Promise<unknown[][]>;

/** A list of fewer accounts is read in one piece (the account page, small segments). */
const SPLIT_MIN_ACCOUNTS = 16;

/**
 * Sends the first half (if any) to the reader thread, lets the caller's other reads be sent too (one
 * microtask), reads the second half here, and answers both in order. A failure here does not leave the
 * first half's failure unhandled.
 */
async function inHalves(first: Promise<unknown[][]> | undefined, second: () => unknown[][]): Promise<unknown[][]> {
  await null;
  let rows: unknown[][];
  try {
    rows = second();
  } catch (err) {
    first?.catch(() => undefined);
    throw err;
  }
  if (!first) return rows;
  const head = await first;
  return head.length === 0 ? rows : rows.length === 0 ? head : head.concat(rows);
}

/**
 * Store.featureAdoption's per-user rows (user, account, names as JSON), in (account, user) order: every
 * account's, split at the middle account id, or a list's (sorted, split in two).
 * @example const rows = await adoptionRowsInHalves(read, smallRead, 'demo', day - 30, day)
 */
export function adoptionRowsInHalves(read: ReadStatements, smallRead: SmallRead, project: string, fromDay: number, toDay: number, accounts?: readonly string[]): Promise<unknown[][]> {
  const params = { project, from: fromDay, to: toDay };
  if (accounts === undefined) {
    const mid = read.middleAccount.get({ project });
    if (mid === undefined) return inHalves(undefined, () => read.adoptionUsers.all(params) as unknown[][]);
    return inHalves(smallRead('adoptionUsersBelow', { ...params, mid }), () => read.adoptionUsersFrom.all({ ...params, mid }) as unknown[][]);
  }
  const list = (ids: readonly string[]) => ({ ...params, accounts: JSON.stringify(ids) });
  if (accounts.length < SPLIT_MIN_ACCOUNTS) return inHalves(undefined, () => read.adoptionUsersOfAccounts.all(list(accounts)) as unknown[][]);
  const sorted = [...accounts].sort();
  const half = sorted.length >> 1;
  return inHalves(smallRead('adoptionUsersOfAccounts', list(sorted.slice(0, half))), () => read.adoptionUsersOfAccounts.all(list(sorted.slice(half))) as unknown[][]);
}

/**
 * Store.surveyAnswers' rows over every account, in time order: the window's first half of time on the
 * reader thread, the second here. A window under two days is read in one piece.
 * @example const rows = await answerRowsInHalves(read, smallRead, 'demo', fromMs, toMs)
 */
export function answerRowsInHalves(read: ReadStatements, smallRead: SmallRead, project: string, fromMs: number, toMs: number): Promise<unknown[][]> {
  if (toMs - fromMs < 2 * DAY_MS) return inHalves(undefined, () => read.surveyAnswers.all({ project, from: fromMs, to: toMs }) as unknown[][]);
  const mid = fromMs + Math.floor((toMs - fromMs) / 2);
  return inHalves(smallRead('surveyAnswers', { project, from: fromMs, to: mid }), () => read.surveyAnswers.all({ project, from: mid, to: toMs }) as unknown[][]);
}
