// The notifications of a running collector: the survey answer hook called by ingest, the outbox
// worker, the periodic account evaluation and the digest schedule (SPEC §11).
import type { Config, ProjectConfig } from '../config.js';
import type { NormalizedEvent, Store } from '../storage/store.js';
import type { DigestRule } from './config-schema.js';
import { buildDigest } from './digest.js';
import type { Digest } from './digest-render.js';
import { latestDigestTime, localDayNumber } from './digest-schedule.js';
import { outboxItem, type Envelope } from './envelope.js';
import { evaluateAccounts, type EvaluationResult } from './evaluate-accounts.js';
import { OutboxWorker, type OutboxWorkerOptions } from './outbox-worker.js';
import { enrichSurveyAnswer, surveyAnswerWork } from './survey-answers.js';

export interface NotificationsDeps {
  config: Config;
  store: Store;
  now: () => number;
}

export interface NotificationsOptions extends OutboxWorkerOptions {
  /** How often digest schedules are checked (default 60 s). */
  digestCheckMs?: number;
  log?: (line: string) => void;
}

/** A digest due more than this long ago when first seen is not sent late (a collector just set up). */
const LATE_DIGEST_MS = 3_600_000;
/** How long delivered and failed notifications stay in the outbox. */
const KEEP_DONE_MS = 30 * 86_400_000;

export type Notifications = ReturnType<typeof createNotifications>;

/**
 * The notifications service; nothing runs until `start()` (ingest's hook and the admin routes work without it).
 * @example const notifications = createNotifications({ config, store, now: Date.now }); notifications.start();
 */
export function createNotifications(deps: NotificationsDeps, options: NotificationsOptions = {}) {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let projects = new Map<string, ProjectConfig>();
  let withSurveyRules = new Set<string>();
  const configure = (config: Config) => {
    projects = new Map(config.projects.map((p) => [p.id, p]));
    withSurveyRules = new Set(config.projects.filter((p) => p.notifications?.rules.some((r) => r.on === 'survey.answered')).map((p) => p.id));
  };
  configure(deps.config);
  const workerDeps = {
    store: deps.store,
    config: deps.config,
    now: deps.now,
    log,
    prepare: async (envelope: Envelope) => {
      const project = projects.get(envelope.project);
      return envelope.type === 'survey.answered' && project ? enrichSurveyAnswer(deps.store, project, envelope, deps.now()) : envelope;
    },
  };
  const worker = new OutboxWorker(workerDeps, options);
  const timers: NodeJS.Timeout[] = [];
  let started = false;
  let workerRunning = false;

  /** Queues the digest of `rule` due at `dueAt`, unless another collector did. */
  async function queueDigest(project: ProjectConfig, index: number, rule: DigestRule, dueAt: number, expected: string | null): Promise<boolean> {
    const digest = await buildDigest(deps.store, project, rule.every, localDayNumber(dueAt, rule.timeZone), deps.now());
    const envelope = { type: 'digest' as const, project: project.id, occurredAt: new Date(dueAt).toISOString(), data: digest as unknown as Record<string, unknown> };
    const items = rule.to.map((d) => outboxItem(envelope, `${index}@${dueAt}`, d, deps.now()));
    return deps.store.saveNotificationState(project.id, `digest:${index}`, expected, String(dueAt), items);
  }

  const service = {
    worker,

    /** Called by ingest once a batch is committed: queues its survey answers' notifications (before the 200). */
    async afterIngest(projectId: string, events: NormalizedEvent[]): Promise<void> {
      if (!withSurveyRules.has(projectId)) return;
      const work = surveyAnswerWork(projects.get(projectId)!, events, deps.now());
      if (work.add.length > 0) await deps.store.enqueueNotifications(work.add);
      for (const item of work.revise) await deps.store.reviseNotification(item, deps.now());
      if (work.revise.length > 0) worker.wake();
    },

    /** Evaluates the account rules of one project now (also `POST /v1/admin/notifications/evaluate`). */
    async evaluate(project: ProjectConfig): Promise<EvaluationResult> {
      const result = await evaluateAccounts(deps.store, project, deps.now());
      if (result.queued > 0) worker.wake();
      return result;
    },

    /** Queues every digest that came due since the last check. Returns how many were queued. */
    async checkDigests(): Promise<number> {
      let queued = 0;
      const now = deps.now();
      for (const project of deps.config.projects) {
        for (const [index, rule] of (project.notifications?.rules ?? []).entries()) {
          if (rule.on !== 'digest') continue;
          const dueAt = latestDigestTime(rule, now);
          const last = await deps.store.getNotificationState(project.id, `digest:${index}`);
          if (last !== null && Number(last) >= dueAt) continue;
          if (last === null && now - dueAt > LATE_DIGEST_MS) {
            // First start long after the due time: remember it, send from the next one on.
            await deps.store.saveNotificationState(project.id, `digest:${index}`, null, String(dueAt), []);
            continue;
          }
          if (await queueDigest(project, index, rule, dueAt, last)) queued++;
        }
      }
      if (queued > 0) worker.wake();
      return queued;
    },

    /** The digest a rule (or `every`) would send now, without sending it. */
    async digest(project: ProjectConfig, every?: 'day' | 'week'): Promise<{ digest: Digest; rule: DigestRule | null; index: number }> {
      const index = (project.notifications?.rules ?? []).findIndex((r) => r.on === 'digest' && (every === undefined || r.every === every));
      const rule = index >= 0 ? (project.notifications!.rules[index] as DigestRule) : null;
      const timeZone = rule?.timeZone ?? 'UTC';
      const dueAt = rule ? latestDigestTime(rule, deps.now()) : deps.now();
      const digest = await buildDigest(deps.store, project, every ?? rule?.every ?? 'week', localDayNumber(dueAt, timeZone), deps.now());
      return { digest, rule, index };
    },

    /** Queues `digest` to the rule's destinations now, with an id of its own (a manual send). */
    async sendDigest(project: ProjectConfig, digest: Digest, destinations: string[]): Promise<string[]> {
      const now = deps.now();
      const envelope = { type: 'digest' as const, project: project.id, occurredAt: new Date(now).toISOString(), data: digest as unknown as Record<string, unknown> };
      const items = destinations.map((d) => outboxItem(envelope, `manual@${now}`, d, now));
      await deps.store.enqueueNotifications(items);
      worker.wake();
      return items.map((i) => i.id);
    },

    /** Queues a test notification to one destination and waits for its first attempt's outcome. */
    async test(project: ProjectConfig, destination: string) {
      const now = deps.now();
      const item = outboxItem({ type: 'test', project: project.id, occurredAt: new Date(now).toISOString(), data: { destination, message: 'Test notification from Uptake' } }, `test@${now}`, destination, now);
      const outcome = worker.nextOutcome(item.id);
      await deps.store.enqueueNotifications([item]);
      worker.wake();
      return { id: item.id, outcome: await outcome };
    },

    /**
     * Applies a reloaded config (SPEC §13): destinations, rules, digests and evaluation intervals of the
     * new file from now on; a running service re-arms its timers (and starts its worker when the old
     * file had no notifications).
     */
    reconfigure(config: Config): void {
      deps.config = config;
      workerDeps.config = config;
      configure(config);
      if (started) service.start();
    },

    /** Starts the outbox worker, the evaluation timers and the digest schedule (again after each `reconfigure`). */
    start(): void {
      started = true;
      for (const t of timers.splice(0)) clearInterval(t);
      if (!deps.config.projects.some((p) => p.notifications)) return;
      if (!workerRunning) worker.start();
      workerRunning = true;
      const every = (ms: number, work: () => Promise<unknown>) => {
        const run = () => void work().catch((err: unknown) => log(`notifications: ${(err as Error).message}`));
        const timer = setInterval(run, ms);
        timer.unref();
        timers.push(timer);
        return run;
      };
      for (const project of deps.config.projects) {
        const n = project.notifications;
        if (!n || !n.rules.some((r) => r.on === 'account.at_risk' || r.on === 'account.health_dropped')) continue;
        // Also at start: the state in the store keeps a restart from notifying twice.
        every(n.evaluateEveryMinutes * 60_000, () => service.evaluate(project))();
      }
      every(options.digestCheckMs ?? 60_000, () => service.checkDigests())();
      // Delivered and failed notifications are kept 30 days (the admin list and the dashboard show them).
      every(3_600_000, () => deps.store.purgeNotifications(deps.now() - KEEP_DONE_MS))();
    },

    async stop(): Promise<void> {
      started = false;
      workerRunning = false;
      for (const t of timers.splice(0)) clearInterval(t);
      await worker.stop();
    },
  };
  return service;
}
