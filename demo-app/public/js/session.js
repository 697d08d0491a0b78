// Who is signed in to the demo app (kept in localStorage; the demo has no passwords).
import { accountById, userById } from './accounts.js';

const KEY = 'ledgerly.user';

/** @returns {{ user: ReturnType<typeof userById> & {}, account: ReturnType<typeof accountById> & {} } | null} */
export function currentSession() {
  const user = userById(localStorage.getItem(KEY) ?? '');
  const account = user ? accountById(user.accountId) : null;
  return user && account ? { user, account } : null;
}

/** @param {string} userId */
export function saveSession(userId) {
  localStorage.setItem(KEY, userId);
}

export function clearSession() {
  localStorage.removeItem(KEY);
}
