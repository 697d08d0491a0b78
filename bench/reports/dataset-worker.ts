// Generates the seeded events off the main thread, one UTC day per message, so generation and
// `store.ingest` use both cores. At most `MAX_AHEAD` days wait unstored (bounded memory).
import { parentPort, workerData } from 'node:worker_threads';
import type { ProjectConfig } from '@uptake/collector';
import { seedEventDays, seedPlan } from '@uptake/collector/internals';

export interface DatasetWorkerData {
  entry: string;
  project: ProjectConfig;
  accounts: number;
  days: number;
  seed: number;
  now: number;
}

/** Messages to the main thread: a day's events, then `done` with the plan's user count. */
export type DatasetMessage = { type: 'day'; events: unknown[] } | { type: 'done'; users: number };

const MAX_AHEAD = 4;
const port = parentPort!;
const { project, accounts, days, seed, now } = workerData as DatasetWorkerData;

let ahead = 0;
let wake: (() => void) | null = null;
// The main thread acknowledges each day once it has stored it.
port.on('message', () => {
  ahead--;
  wake?.();
  wake = null;
});

const plan = seedPlan(project, { accounts, days, seed, now });
for (const events of seedEventDays(project, plan, seed)) {
  port.postMessage({ type: 'day', events } satisfies DatasetMessage);
  if (++ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
}
port.postMessage({ type: 'done', users: plan.accounts.reduce((n, a) => n + a.users.length, 0) } satisfies DatasetMessage);
