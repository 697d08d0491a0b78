// Adoption and engagement metrics of SPEC §6 as pure functions of counts taken from rollup rows.
// A metric whose input is missing or whose denominator is empty is null, never 0.

/** n / d, or null when the denominator is empty. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

// accountAdoptionRate = accounts that adopted F / active accounts.
export function accountAdoptionRate(accountsAdopted: number, activeAccounts: number): number | null {
  return ratio(accountsAdopted, activeAccounts);
}

// userAdoptionRate = users who used F / active users.
export function userAdoptionRate(usersUsed: number, activeUsers: number): number | null {
  return ratio(usersUsed, activeUsers);
}

/**
 * Breadth(A) = core features adopted by A / size of the core set.
 * @example breadth(1, 4) // 0.25
 */
export function breadth(coreFeaturesAdopted: number, coreSize: number): number | null {
  return ratio(coreFeaturesAdopted, coreSize);
}

/**
 * Depth(A) = mean over A's active users of the number of distinct features each used: the sum of
 * those numbers over A's users, divided by A's active users.
 * @example depth(2 + 0 + 1, 3) // 1
 */
export function depth(distinctFeaturesSummedOverUsers: number, activeUsers: number): number | null {
  return ratio(distinctFeaturesSummedOverUsers, activeUsers);
}

/**
 * Seat utilization(A) = activeUsers(A) / seats trait; null without seats.
 * @example seatUtilization(3, 10) // 0.3
 */
export function seatUtilization(activeUsers: number, seats: number | null): number | null {
  return seats === null || !(seats > 0) ? null : activeUsers / seats;
}

/**
 * Stickiness(A) = mean over the window's days of DAU(A) / activeUsers(A).
 * Days without activity count as DAU 0, so the sum of DAU over the days is all that is needed.
 * @example stickiness(6, 3, 4) // (6 / 4) / 3 = 0.5
 */
export function stickiness(sumOfDailyActiveUsers: number, activeUsers: number, windowDays: number): number | null {
  if (activeUsers <= 0 || windowDays <= 0) return null;
  return sumOfDailyActiveUsers / windowDays / activeUsers;
}

/**
 * Referral rate(A) = active users of A with ≥ 1 event named in referral.events in the window /
 * activeUsers(A); null when referral.events is empty.
 * @example referralRate(1, 4, true) // 0.25
 */
export function referralRate(referringUsers: number, activeUsers: number, referralConfigured: boolean): number | null {
  return referralConfigured ? ratio(referringUsers, activeUsers) : null;
}

/**
 * sessionsPerUserPerWeek(A) = sessions(A) / activeUsers(A) / (window days / 7).
 * @example sessionsPerUserPerWeek(8, 2, 14) // 2
 */
export function sessionsPerUserPerWeek(sessions: number, activeUsers: number, windowDays: number): number | null {
  if (activeUsers <= 0 || windowDays <= 0) return null;
  return sessions / activeUsers / (windowDays / 7);
}

/**
 * avgSessionMinutes(A) = mean session length in minutes, null without sessions.
 * @example avgSessionMinutes(2, 30 * 60_000) // 15
 */
export function avgSessionMinutes(sessions: number, totalMs: number): number | null {
  return sessions > 0 ? totalMs / sessions / 60_000 : null;
}
