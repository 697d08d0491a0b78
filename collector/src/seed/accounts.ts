// Plans the seeded customer accounts and their users: plan, seats, MRR, lifecycle (trial, conversion,
// churn, usage drop), feature adoption and sentiment. Pure and deterministic from the seed.
import type { FeaturePool } from './feature-pool.js';
import { COMPANY_KINDS, COMPANY_WORDS, FIRST_NAMES, INDUSTRIES, LAST_NAMES, ROLES } from './names.js';
import { createRng, deriveSeed, type Rng } from './prng.js';

/** What story an account tells; each risk of SPEC §6 has one that produces it. */
export type Archetype =
  | 'healthy'
  | 'usage_drop'
  | 'low_seats'
  | 'detractor'
  | 'no_core'
  | 'trial_converts'
  | 'churned'
  | 'new_signup'
  | 'trial_stays';

/** The first accounts cover every story once, so even `--accounts 10` exercises every report and risk. */
export const ARCHETYPE_ORDER: Archetype[] = ['healthy', 'usage_drop', 'low_seats', 'detractor', 'no_core', 'trial_converts', 'churned', 'new_signup', 'trial_stays', 'healthy'];
const LATER_ARCHETYPES: Archetype[] = ['healthy', 'usage_drop', 'low_seats', 'detractor', 'no_core', 'trial_converts', 'churned', 'new_signup', 'trial_stays'];
const LATER_WEIGHTS = [0.5, 0.07, 0.07, 0.04, 0.03, 0.09, 0.05, 0.08, 0.07];

/** Per-seat monthly price; trials and the free plan pay nothing. */
export const PRICE_PER_SEAT: Record<string, number> = { trial: 0, free: 0, starter: 29, pro: 49, enterprise: 79 };

export interface SeedUser {
  userId: string;
  anonymousId: string;
  name: string;
  email: string;
  role: string;
  /** Probability of using the product on a weekday. */
  activity: number;
  /** Mean feature actions per session. */
  actionsPerSession: number;
  /** Active on days [startDay, stopDay) (day indexes of the seeded period). */
  startDay: number;
  stopDay: number;
  /** Day the NPS / CSAT survey is due (shown on the first active day from then), or null. */
  npsDay: number | null;
  csatDay: number | null;
  /** Personal weight of each pool feature (0 = never used). */
  featureWeights: number[];
  /** Shift of this user's survey scores from the account's mean (heavy users like it more). */
  sentimentShift: number;
}

export interface SeedAccount {
  index: number;
  accountId: string;
  name: string;
  industry: string;
  archetype: Archetype;
  plan: string;
  seats: number;
  mrr: number;
  /** Day index of the account's first activity; `createdAt` is a little before it. */
  startDay: number;
  /** Active until this day index (exclusive); `days` = still active. */
  stopDay: number;
  /** A `group` call moving the plan (trial → paid) on this day index. */
  conversion: { day: number; plan: string; seats: number; mrr: number } | null;
  /** Mean NPS score (0–10) the account's users lean towards. */
  npsMean: number;
  /** Detractor accounts: every score 0–8, so account NPS is negative. */
  maxScore: number;
  /** Hour (UTC) around which its users work. */
  hourCenter: number;
  users: SeedUser[];
}

export interface PlanOptions {
  accounts: number;
  days: number;
  seed: number;
}

const NPS_MEAN: Record<Archetype, number> = {
  healthy: 9.1,
  usage_drop: 6.6,
  low_seats: 7.4,
  detractor: 3.2,
  no_core: 6.8,
  trial_converts: 8.7,
  churned: 5.6,
  new_signup: 8.6,
  trial_stays: 7.3,
};

const clampDay = (day: number, days: number) => Math.max(0, Math.min(days - 1, day));
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const mrrOf = (plan: string, seats: number) => Math.round((seats * (PRICE_PER_SEAT[plan] ?? 0)) / 10) * 10;

function pickPlan(rng: Rng, archetype: Archetype, index: number): string {
  // The first healthy accounts are the flagship customers a demo shows first.
  if (index === 0) return 'pro';
  if (index === ARCHETYPE_ORDER.length - 1) return 'enterprise';
  switch (archetype) {
    case 'healthy':
      return ['starter', 'pro', 'enterprise', 'free'][rng.weightedIndex([0.38, 0.4, 0.15, 0.07])];
    case 'usage_drop':
      return rng.pick(['starter', 'pro', 'pro', 'enterprise']);
    case 'low_seats':
      return rng.chance(0.7) ? 'enterprise' : 'pro';
    case 'detractor':
      return rng.chance(0.8) ? 'pro' : 'enterprise';
    case 'no_core':
      return 'starter';
    case 'churned':
      return rng.pick(['starter', 'starter', 'free', 'pro', 'trial']);
    case 'new_signup':
      return rng.pick(['starter', 'pro', 'pro']);
    case 'trial_converts':
      return 'trial';
    case 'trial_stays':
      return rng.chance(0.75) ? 'trial' : 'free';
  }
}

function pickSeats(rng: Rng, plan: string, archetype: Archetype): number {
  if (archetype === 'low_seats') return rng.int(60, 140);
  if (archetype === 'usage_drop') return rng.int(8, 30);
  // Unhappy customers are usually not the biggest ones.
  if (archetype === 'detractor') return plan === 'enterprise' ? rng.int(40, 55) : rng.int(8, 25);
  switch (plan) {
    case 'free':
      return rng.int(1, 3);
    case 'trial':
      return rng.int(3, 10);
    case 'starter':
      return rng.int(3, 12);
    case 'pro':
      return rng.int(8, 35);
    default:
      return rng.int(40, 90);
  }
}

/** When an account's story starts and ends (day indexes of a `days`-long period ending yesterday). */
function pickLifecycle(rng: Rng, archetype: Archetype, days: number): { startDay: number; stopDay: number } {
  const early = () => rng.int(0, Math.max(0, Math.min(27, Math.floor(days * 0.3))));
  switch (archetype) {
    case 'churned':
      // Active in the previous 30-day window, silent in the last 30 days.
      return { startDay: early(), stopDay: Math.max(1, days - rng.int(31, 50)) };
    case 'trial_converts':
      // On trial when the last 30 days begin, converting within them.
      return { startDay: clampDay(days - rng.int(32, 45), days), stopDay: days };
    case 'new_signup':
      return { startDay: clampDay(days - rng.int(6, 26), days), stopDay: days };
    case 'trial_stays':
      return { startDay: clampDay(days - rng.int(4, 25), days), stopDay: days };
    default:
      return { startDay: early(), stopDay: days };
  }
}

function userCount(rng: Rng, seats: number, archetype: Archetype, plan: string): number {
  if (archetype === 'low_seats') return Math.max(2, Math.floor(seats * rng.between(0.1, 0.22)));
  if (archetype === 'usage_drop') return Math.max(5, Math.round(seats * rng.between(0.6, 0.9)));
  if (plan === 'free') return seats;
  return Math.max(1, Math.round(seats * rng.between(0.55, 0.95)));
}

/** Which pool features an account uses at all, and how much: popular features nearly always, the tail sometimes. */
function accountFeatureWeights(rng: Rng, pool: FeaturePool, archetype: Archetype): number[] {
  return pool.features.map((f, rank) => {
    if (archetype === 'no_core' && pool.coreEvents.has(f.event)) return 0;
    const adoptChance = rank < 3 ? 0.97 : Math.max(0.15, 0.85 - 0.07 * rank);
    return rng.chance(adoptChance) ? f.popularity * rng.between(0.5, 1.5) : 0;
  });
}

function planUsers(rng: Rng, account: Omit<SeedAccount, 'users'>, count: number, accountWeights: number[], days: number, usedEmails: Set<string>): SeedUser[] {
  const domain = `${slug(account.name)}.example`;
  const users: SeedUser[] = [];
  for (let i = 0; i < count; i++) {
    let first = rng.pick(FIRST_NAMES);
    let last = rng.pick(LAST_NAMES);
    for (let tries = 0; usedEmails.has(`${first}.${last}@${domain}`.toLowerCase()) && tries < 20; tries++) {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
    }
    const email = `${first}.${last}@${domain}`.toLowerCase();
    usedEmails.add(email);
    const tier = rng.weightedIndex([0.25, 0.5, 0.25]); // power, regular, occasional
    const activity = [0.78, 0.48, 0.16][tier] * rng.between(0.85, 1.15) * (account.archetype === 'churned' || account.archetype === 'trial_stays' ? 0.7 : 1);
    // The admin signs up; colleagues are invited over the first two weeks.
    const startDay = i === 0 ? account.startDay : clampDay(account.startDay + rng.int(0, 14), days);
    let stopDay = account.stopDay;
    if (account.archetype === 'usage_drop' && i > 0 && i <= Math.ceil(count * 0.55)) stopDay = Math.max(startDay + 1, days - rng.int(30, 45));
    const featureWeights = accountWeights.map((w, rank) => (w === 0 || (rank >= 2 && rng.chance(0.3)) ? 0 : w * rng.between(0.2, 1.8)));
    if (!featureWeights.some((w) => w > 0) && accountWeights.some((w) => w > 0)) featureWeights[accountWeights.findIndex((w) => w > 0)] = 1;
    const userId = `${account.accountId}-u${i + 1}`;
    users.push({
      userId,
      anonymousId: `anon-${userId}`,
      name: `${first} ${last}`,
      email,
      role: i === 0 ? 'admin' : rng.pick(ROLES.slice(1)),
      activity: account.archetype === 'usage_drop' ? Math.max(activity, 0.35) : activity,
      actionsPerSession: [7, 4, 2.5][tier] * rng.between(0.7, 1.3),
      startDay,
      stopDay,
      npsDay: null,
      csatDay: null,
      featureWeights,
      sentimentShift: [0.7, 0, -0.9][tier],
    });
  }
  return users;
}

/** Picks the days each user is asked NPS and CSAT: most in the last 60 days, detractor accounts in the last 30. */
function scheduleSurveys(rng: Rng, account: SeedAccount, days: number): void {
  for (const user of account.users) {
    const last = user.stopDay - 1;
    if (account.archetype === 'detractor') {
      const from = Math.max(user.startDay, days - 25);
      user.npsDay = from <= days - 2 ? rng.int(from, days - 2) : null;
    } else {
      const from = Math.max(user.startDay + 3, days - 60);
      user.npsDay = from <= last && rng.chance(0.8) ? rng.int(from, last) : null;
    }
    const csatFrom = Math.max(user.startDay + 2, days - 60);
    if (csatFrom <= last && rng.chance(0.5)) {
      let day = rng.int(csatFrom, last);
      // Keep NPS and CSAT prompts apart, as the global cooldown would.
      if (user.npsDay !== null && Math.abs(day - user.npsDay) < 15) day = user.npsDay + 15;
      user.csatDay = day <= last ? day : null;
    }
  }
}

/**
 * Plans every seeded account with its users.
 * @example planAccounts(pool, { accounts: 40, days: 90, seed: 1 }).length // 40
 */
export function planAccounts(pool: FeaturePool, options: PlanOptions): SeedAccount[] {
  const { days, seed } = options;
  const master = createRng(deriveSeed(seed, 0));
  const names = master.shuffle(COMPANY_WORDS.flatMap((w) => COMPANY_KINDS.map((k) => `${w} ${k}`)));
  const usedIds = new Set<string>();
  const usedEmails = new Set<string>();
  const accounts: SeedAccount[] = [];
  for (let index = 0; index < options.accounts; index++) {
    const rng = createRng(deriveSeed(seed, index + 1));
    const archetype = index < ARCHETYPE_ORDER.length ? ARCHETYPE_ORDER[index] : LATER_ARCHETYPES[rng.weightedIndex(LATER_WEIGHTS)];
    const baseName = names[index % names.length];
    const name = index < names.length ? baseName : `${baseName} ${Math.floor(index / names.length) + 1}`;
    let accountId = slug(name);
    while (usedIds.has(accountId)) accountId = `${accountId}-${index}`;
    usedIds.add(accountId);
    const plan = pickPlan(rng, archetype, index);
    const seats = pickSeats(rng, plan, archetype);
    const { startDay, stopDay } = pickLifecycle(rng, archetype, days);
    let conversion: SeedAccount['conversion'] = null;
    if (archetype === 'trial_converts') {
      const newPlan = rng.chance(0.7) ? 'pro' : 'starter';
      const newSeats = Math.max(seats, pickSeats(rng, newPlan, 'healthy'));
      const day = Math.min(days - 2, Math.max(days - 28, startDay + rng.int(10, 25)));
      conversion = { day: clampDay(day, days), plan: newPlan, seats: newSeats, mrr: mrrOf(newPlan, newSeats) };
    }
    const base: Omit<SeedAccount, 'users'> = {
      index,
      accountId,
      name,
      industry: rng.pick(INDUSTRIES),
      archetype,
      plan,
      seats,
      mrr: mrrOf(plan, seats),
      startDay,
      stopDay,
      conversion,
      npsMean: NPS_MEAN[archetype],
      maxScore: archetype === 'detractor' ? 8 : 10,
      hourCenter: rng.between(9, 16),
    };
    const weights = accountFeatureWeights(rng, pool, archetype);
    const account: SeedAccount = { ...base, users: planUsers(rng, base, userCount(rng, seats, archetype, plan), weights, days, usedEmails) };
    scheduleSurveys(rng, account, days);
    accounts.push(account);
  }
  return accounts;
}
