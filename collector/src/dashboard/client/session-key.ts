// The secret key for this browser tab only (sessionStorage): closing the tab forgets it.

const KEY = 'uptake.dashboard.secretKey';

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
  } catch {
    /* nothing stored */
  }
}
