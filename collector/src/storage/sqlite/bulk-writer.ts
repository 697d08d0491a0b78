// Main-thread side of the bulk writer thread (bulk-writer-thread.ts): one per `openBulk()`.
import type { IngestResult, NormalizedEvent } from '../store.js';
import type { BulkIngest, BulkOptions } from '../bulk-ingest.js';
import { ColumnEncoder } from './event-columns.js';
import { errorOfFailure, StoreThreadClient } from './store-thread.js';
import { EXCLUSIVE_LIMITS, SHARED_LIMITS, type BulkReply, type BulkRequest, type BulkThreadData } from './bulk-writer-thread.js';

/** Young generation of the bulk writer's heap: it allocates short-lived objects for every event. */
const YOUNG_GENERATION_MB = 16;

export class BulkWriterClient extends StoreThreadClient<IngestResult | { events: number }> implements BulkIngest {
  private readonly columns = new ColumnEncoder();

  constructor(path: string, busyTimeoutMs: number, options: BulkOptions = {}) {
    const limits = !options.exclusive ? SHARED_LIMITS : options.transactionEvents ? { ...EXCLUSIVE_LIMITS, commitEvents: options.transactionEvents, commitMs: Infinity } : EXCLUSIVE_LIMITS;
    const data: BulkThreadData = { path, busyTimeoutMs, ...limits };
    super(new URL('./bulk-writer-thread.ts', import.meta.url), data, 'bulk writer', { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
  }

  write(project: string, events: NormalizedEvent[]): Promise<IngestResult> {
    if (events.length === 0) return Promise.resolve({ accepted: 0, duplicateIndexes: [] });
    return this.request((id) => ({ type: 'write', id, project, batch: this.columns.of(events) }) satisfies BulkRequest) as Promise<IngestResult>;
  }

  async flush(): Promise<void> {
    await this.request((id) => ({ type: 'flush', id }) satisfies BulkRequest);
  }

  /** Commits, syncs and checkpoints what is pending, then stops the thread. */
  override async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await super.close();
    }
  }

  protected onMessage(msg: BulkReply): void {
    if (msg.type === 'closed') return;
    this.settle(msg.id, 'failure' in msg.outcome ? { error: errorOfFailure(msg.outcome.failure) } : { value: msg.outcome });
  }
}
