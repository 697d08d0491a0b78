// Delivers the outbox: claims due notifications (leased, so one collector sends each), sends each
// with a timeout, and records delivered / retry later / failed. Retries back off exponentially from
// `baseDelayMs` (1 min), or wait what `Retry-After` asked; after `giveUpAfterMs` (24 h) a notification
// is failed. A hanging receiver holds one of `concurrency` slots until its timeout, nothing else.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { NotificationOutcome, NotificationRow, Store } from '../storage/store.js';
import { deliver } from './destinations/deliver.js';
import type { Envelope } from './envelope.js';
import type { AttemptResult } from './http-post.js';

export interface OutboxWorkerOptions {
  /** First retry delay; doubles on each attempt (default 60 000 ms). */
  baseDelayMs?: number;
  /** Longest retry delay (default 1 h). */
  maxDelayMs?: number;
  /** Time after which a notification that was never delivered is failed (default 24 h). */
  giveUpAfterMs?: number;
  /** One attempt's limit (default 10 s). */
  timeoutMs?: number;
  /** How long a claim keeps other collectors off a notification (default 5 min, far above `timeoutMs`). */
  leaseMs?: number;
  /** Deliveries in flight at most (default 4). */
  concurrency?: number;
  /** How often due notifications are looked for (default 1 s). */
  pollMs?: number;
}

export interface OutboxWorkerDeps {
  store: Store;
  config: Config;
  now: () => number;
  /** Completes an envelope before sending (survey answers get the account's current row). */
  prepare: (envelope: Envelope) => Promise<Envelope>;
  /** One line per problem; never given a secret or a full URL. */
  log: (line: string) => void;
}

/**
 * The delay before the next attempt after `attempts` failed ones (1, 2, …), or what `Retry-After` asked.
 * @example retryDelay(1, 60_000, 3_600_000) // 60000; retryDelay(3, 60_000, 3_600_000) // 240000
 */
export function retryDelay(attempts: number, baseDelayMs: number, maxDelayMs: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(retryAfterMs, 1000);
  return Math.min(baseDelayMs * 2 ** (attempts - 1), maxDelayMs);
}

export class OutboxWorker {
  readonly owner = `collector-${randomUUID()}`;
  private readonly options: Required<OutboxWorkerOptions>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiters = new Map<string, ((row: NotificationOutcome) => void)[]>();
  private timer: NodeJS.Timeout | null = null;
  private pumping: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly deps: OutboxWorkerDeps, options: OutboxWorkerOptions = {}) {
    this.options = {
      baseDelayMs: options.baseDelayMs ?? 60_000,
      maxDelayMs: options.maxDelayMs ?? 3_600_000,
      giveUpAfterMs: options.giveUpAfterMs ?? 86_400_000,
      timeoutMs: options.timeoutMs ?? 10_000,
      leaseMs: options.leaseMs ?? 300_000,
      concurrency: options.concurrency ?? 4,
      pollMs: options.pollMs ?? 1000,
    };
  }

  /** Polls for due notifications until `stop`. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.timer = null;
      this.wake();
      if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
      this.timer?.unref();
    };
    tick();
  }

  /** Stops polling and waits for the deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pumping?.catch(() => 0);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Looks for due notifications now (after an enqueue). */
  wake(): void {
    void this.pump().catch((err: unknown) => this.deps.log(`notifications: cannot read the outbox (${(err as Error).message})`));
  }

  /** Delivers until nothing is due and nothing is in flight (tests, the CLI). */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.pump();
      if (claimed === 0 && this.inFlight.size === 0) return;
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /**
   * Resolves with the outcome of this collector's next attempt of notification `id`, or with
   * `pending` after the attempt timeout plus 5 s (another collector may have claimed it).
   */
  nextOutcome(id: string): Promise<NotificationOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.set(id, (this.waiters.get(id) ?? []).filter((r) => r !== settle));
        resolve({ status: 'pending', error: 'no outcome yet (another collector may be sending it)', nextAttemptAt: this.deps.now() });
      }, this.options.timeoutMs + 5000);
      timer.unref();
      const settle = (outcome: NotificationOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      const list = this.waiters.get(id) ?? [];
      list.push(settle);
      this.waiters.set(id, list);
    });
  }

  /** Claims as many due notifications as free slots allow and starts sending them. */
  private pump(): Promise<number> {
    // One claim at a time per collector; a wake during a claim joins it.
    if (this.pumping) return this.pumping;
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return Promise.resolve(0);
    this.pumping = (async () => {
      try {
        const rows = await this.deps.store.claimNotifications(this.owner, this.deps.now(), this.options.leaseMs, free);
        for (const row of rows) {
          const sending: Promise<void> = this.send(row).finally(() => {
            this.inFlight.delete(sending);
            if (!this.stopped) this.wake();
          });
          this.inFlight.add(sending);
        }
        return rows.length;
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  private async send(row: NotificationRow): Promise<void> {
    const project = this.deps.config.projects.find((p) => p.id === row.project);
    const notifications = project?.notifications;
    const destination = notifications?.destinations.find((d) => d.id === row.destination);
    let result: AttemptResult;
    if (!notifications || !destination) {
      result = { ok: false, permanent: true, error: `destination "${row.destination}" is not in the config of project "${row.project}"` };
    } else {
      try {
        const envelope = await this.deps.prepare(JSON.parse(row.body) as Envelope);
        result = await deliver(envelope, destination, notifications, { timeoutMs: this.options.timeoutMs, now: this.deps.now() });
      } catch (err) {
        result = { ok: false, permanent: false, error: (err as Error).message };
      }
    }
    const now = this.deps.now();
    let outcome: NotificationOutcome;
    if (result.ok) {
      outcome = { status: 'delivered', at: now };
    } else {
      const delay = retryDelay(row.attempts + 1, this.options.baseDelayMs, this.options.maxDelayMs, result.retryAfterMs);
      const giveUp = result.permanent || now + delay > row.createdAt + this.options.giveUpAfterMs;
      outcome = giveUp ? { status: 'failed', error: result.error } : { status: 'pending', error: result.error, nextAttemptAt: now + delay };
      this.deps.log(`notifications: ${row.type} ${row.id} to "${row.destination}" ${giveUp ? 'failed' : 'will be retried'}: ${result.error}`);
    }
    try {
      await this.deps.store.completeNotification(row.id, this.owner, outcome);
    } catch (err) {
      // The lease ends and another claim retries it: at least once.
      this.deps.log(`notifications: cannot record the outcome of ${row.id} (${(err as Error).message})`);
    }
    const waiting = this.waiters.get(row.id);
    this.waiters.delete(row.id);
    for (const resolve of waiting ?? []) resolve(outcome);
  }
}
