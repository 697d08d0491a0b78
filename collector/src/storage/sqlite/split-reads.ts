// The SQLite store's largest per-request read, made in two halves on both threads: the first half goes
// to the reader thread as a small read (reader.ts), the second is read on the main connection meanwhile.
// A report's main thread otherwise makes it alone while the reader thread answers the account-level
// reads; the unfiltered overview's answers were most of its main thread's reads. Halves concatenate in
// the order one read returns, so callers see no difference; if the reader thread is still busy when the
// main thread is done, the main thread makes the half itself.
import type { SmallReadName } from './small-reads.js';
import type { ReadStatements } from './read-statements.js';
import { DAY_MS } from '../store.js';

type SmallRead = (name: SmallReadName, ...params: unknown[]) => Promise<unknown[][]>;

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
 * Store.surveyAnswers' rows over every account, in time order: the window's first half of time on the
 * reader thread, the second here. A window under two days is read in one piece.
 * @example const rows = await answerRowsInHalves(read, smallRead, 'demo', fromMs, toMs)
 */
export function answerRowsInHalves(read: ReadStatements, smallRead: SmallRead, project: string, fromMs: number, toMs: number): Promise<unknown[][]> {
  if (toMs - fromMs < 2 * DAY_MS) return inHalves(undefined, () => read.surveyAnswers.all({ project, from: fromMs, to: toMs }) as unknown[][]);
  const mid = fromMs + Math.floor((toMs - fromMs) / 2);
  return inHalves(smallRead('surveyAnswers', { project, from: fromMs, to: mid }), () => read.surveyAnswers.all({ project, from: mid, to: toMs }) as unknown[][]);
}
