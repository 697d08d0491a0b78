// The demo's customer accounts and their people. They are separate from the seeded accounts, so the
// account you sign in to shows exactly what you did in the dashboard (and its NPS prompt is due).

/** Customer accounts: sent as `group` traits on sign-in. */
export const ACCOUNTS = [
  { id: 'acme', name: 'Acme Corp', plan: 'pro', seats: 25, mrr: 1230, createdAt: '2025-03-04T09:12:00.000Z' },
  { id: 'globex', name: 'Globex', plan: 'enterprise', seats: 120, mrr: 9480, createdAt: '2024-11-18T14:30:00.000Z' },
  { id: 'umbrella', name: 'Umbrella Health', plan: 'starter', seats: 8, mrr: 230, createdAt: '2025-09-22T08:05:00.000Z' },
  { id: 'initech', name: 'Initech', plan: 'trial', seats: 5, mrr: 0, createdAt: '2026-01-10T16:45:00.000Z' },
];

/** People who can sign in: sent as `identify` traits. */
export const USERS = [
  { id: 'acme-alice', accountId: 'acme', name: 'Alice Moreno', email: 'alice@acme.example', role: 'admin' },
  { id: 'acme-bob', accountId: 'acme', name: 'Bob Lee', email: 'bob@acme.example', role: 'finance' },
  { id: 'globex-carla', accountId: 'globex', name: 'Carla Díaz', email: 'carla@globex.example', role: 'manager' },
  { id: 'globex-dan', accountId: 'globex', name: 'Dan Wu', email: 'dan@globex.example', role: 'member' },
  { id: 'umbrella-frank', accountId: 'umbrella', name: 'Frank Osei', email: 'frank@umbrella.example', role: 'finance' },
  { id: 'initech-erin', accountId: 'initech', name: 'Erin Walsh', email: 'erin@initech.example', role: 'admin' },
];

/** @param {string} id */
export function accountById(id) {
  return ACCOUNTS.find((a) => a.id === id) ?? null;
}

/** @param {string} id */
export function userById(id) {
  return USERS.find((u) => u.id === id) ?? null;
}
