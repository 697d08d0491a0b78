// The secret key or token for this browser tab only (sessionStorage): closing the tab forgets it;
// with a token narrowed to one account, that account too (the dashboard then shows its page only).

const KEY = 'uptake.dashboard.secretKey';
const ACCOUNT_KEY = 'uptake.dashboard.account';

/** @example readAccountScope() // "acme" for a token narrowed to acme, else null */
export function readAccountScope(): string | null {
  try {
    return sessionStorage.getItem(ACCOUNT_KEY);
  } catch {
    return null;
  }
}

/** @example saveAccountScope('acme') */
export function saveAccountScope(accountId: string | null): void {
  try {
    if (accountId === null) sessionStorage.removeItem(ACCOUNT_KEY);
    else sessionStorage.setItem(ACCOUNT_KEY, accountId);
  } catch {
    /* storage disabled */
  }
}

/** @example readSecretKey() // "sk_demo_change_me" or null */
export function readSecretKey(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** @example saveSecretKey('sk_demo_change_me') */
export function saveSecretKey(secretKey: string): void {
  try {
    sessionStorage.setItem(KEY, secretKey);
  } catch {
    /* storage disabled: the key then lives only in memory for this page */
  }
}

/** @example forgetSecretKey() */
export function forgetSecretKey(): void {
  try {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ACCOUNT_KEY);
  } catch {
    /* nothing stored */
  }
}
