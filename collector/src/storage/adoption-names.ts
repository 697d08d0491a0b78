// The per-(user, account) names rollup both stores keep beside their per-name day sets (SQLite
// `feature_user_names`, PostgreSQL `feature_user_names`): one row per pair holding each feature event
// name it used, as a stable small number, with the last day it used it — "no:lastDay no:lastDay …".
// A window that ends after the pair's last day holds exactly the names last used on or after its first
// day (a last day of use is a day of use), so `Store.featureAdoption` reads one row per pair, with no
// join or grouping, and turns them into `FeatureUserRow`s here. Pairs active on or after the window's
// end are read from the day sets instead (the stores do that).
import type { FeatureUserRow } from './store.js';
import { toAccount } from './row-mappers.js';

/** A pair of the names rollup: account ('' for none), user, its names as "no:lastDay no:lastDay …". */
export type PackedPair = readonly [accountId: string, userKey: string, names: string];

const COLON = 58;
const SPACE = 32;
const MINUS = 45;
const ZERO = 48;
/** Name numbers below this go into one integer mask per pair (exact bit operations on 31 bits). */
const MASK_BITS = 31;

/**
 * The pairs that used a name on or after `fromDay` (the read kept pairs whose last day is before the
 * window's end), each with those names sorted; pairs that used the same names share one list.
 * `names` maps each number to its name.
 * @example namesSince([['acme', 'u1', '0:20790 1:20700']], [[0, 'Export'], [1, 'Share']], 20763)
 * // → [{ userKey: 'u1', accountId: 'acme', events: ['Export'] }]
 */
export function namesSince(pairs: readonly PackedPair[], names: readonly (readonly [number, string])[], fromDay: number): FeatureUserRow[] {
  const nameOf = new Map(names);
  const listOf = (numbers: number[]): readonly string[] =>
    numbers.map((no) => {
      const name = nameOf.get(no);
      if (name === undefined) throw new Error(`feature name number ${no} is not in the names table`);
      return name;
    }).sort();
  // Lists by mask (numbers below 31), else by a key of the numbers.
  const byMask = new Map<number, readonly string[]>();
  const byKey = new Map<string, readonly string[]>();
  const high: number[] = [];
  const out: FeatureUserRow[] = [];
  for (const [accountId, userKey, text] of pairs) {
    let mask = 0;
    high.length = 0;
    for (let j = 0; j < text.length;) {
      let no = 0;
      let c: number;
      while ((c = text.charCodeAt(j++)) !== COLON) no = no * 10 + c - ZERO;
      const negative = text.charCodeAt(j) === MINUS;
      if (negative) j++;
      let day = 0;
      while (j < text.length && (c = text.charCodeAt(j++)) !== SPACE) day = day * 10 + c - ZERO;
      if ((negative ? -day : day) < fromDay) continue;
      if (no < MASK_BITS) mask |= 1 << no;
      else high.push(no);
    }
    let events: readonly string[] | undefined;
    if (high.length === 0) {
      if (mask === 0) continue;
      events = byMask.get(mask);
      if (!events) byMask.set(mask, (events = listOf(numbersOf(mask, []))));
    } else {
      high.sort((a, b) => a - b);
      const key = `${mask}:${high.join(',')}`;
      events = byKey.get(key);
      if (!events) byKey.set(key, (events = listOf(numbersOf(mask, high))));
    }
    out.push({ userKey, accountId: toAccount(accountId), events });
  }
  return out;
}

/** The numbers of a mask's bits, then `more`. */
function numbersOf(mask: number, more: readonly number[]): number[] {
  const numbers: number[] = [];
  for (let no = 0; no < MASK_BITS; no++) if ((mask & (1 << no)) !== 0) numbers.push(no);
  return numbers.concat(more);
}
