// The feature-adoption read of the PostgreSQL store (each (user, account) with the names it used on
// some day of a window) without an ordered aggregate: `json_agg(event ORDER BY event)` makes
// PostgreSQL sort every matching (account, user, feature) row and then each group again, where a
// hash aggregate needs neither. Each list then arrives in any order: the caller sorts it
// (pgFeatureAdoption already parses each distinct list text once and sorts it).
// On the 10 M-event dataset's 30-day window (37 088 matching rows into 8 627 groups) the read took
// 67–79 ms of server time instead of 90–117 ms, with the same (account, user, names) once sorted;
// 7 627 of the 8 627 lists arrive unsorted, so the caller parses more distinct texts (docs/scale.md).
// Not wired in yet: pg-report-reads.ts's pgFeatureAdoption would use adoptionUsersSql(ids !== undefined), with
// $4 the scope's account ids as one text[] (scopeIds of store.ts, as the segment-scoped reads pass them).

/**
 * The read's SQL: $1 project, $2 first day, $3 day after the last, $4 (when `scoped`) the accounts' ids (text[]).
 * @example rows(adoptionUsersSql(false), [project, fromDay, toDay])
 */
export function adoptionUsersSql(scoped: boolean): string {
  return `SELECT user_key, account_id, json_agg(event)::text AS events FROM feature_day_sets
    WHERE project = $1 AND first_day < $3 AND last_day >= $2 AND uptake_days_in(days, first_day, $2, $3) > 0${scoped ? ' AND account_id = ANY($4::text[])' : ''}
    GROUP BY account_id, user_key`;
}
