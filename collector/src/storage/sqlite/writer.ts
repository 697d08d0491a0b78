// Main-thread side of the writer thread (writer-thread.ts): hands it each batch (and each retention
// purge) and settles its promise with what the writer answers, once the commit holding it is on disk.
import { UptakeError } from '../../errors.js';
import type { IngestResult, NormalizedEvent } from '../store.js';
import { slimForWriter } from './group-commit.js';
import { errorOfFailure, StoreThreadClient } from './store-thread.js';
import type { WriterFailure, WriterReply, WriterRequest } from './writer-thread.js';

/** The collector error for a writer failure: storage failures become storage_unavailable (503). */
export function errorOf(f: WriterFailure): unknown {
  if (f.sync) return new UptakeError('storage_unavailable', `cannot sync the database to disk (${f.code ?? f.message})`, { retryAfter: 5 });
  return errorOfFailure(f);
}

/** Young generation of the writer thread's heap. */
const WRITER_YOUNG_GENERATION_MB = 64;

export class WriterClient extends StoreThreadClient<IngestResult | { events: number }> {
  constructor(path: string, busyTimeoutMs: number) {
    // A larger young generation than V8's default: the writer allocates short-lived objects for every
    // event (the batch it receives, its deltas), and fewer scavenges cost it ~3 % less CPU under load.
    super(new URL('./writer-thread.ts', import.meta.url), { path, busyTimeoutMs }, 'writer', { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB });
  }

  /**
   * Stores a batch through the writer thread; resolves once it is committed and synced.
   * @example await writer.ingest('demo', events)
   */
  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult> {
    return this.request((id) => ({ type: 'ingest', id, project, events: slimForWriter(events) }) satisfies WriterRequest) as Promise<IngestResult>;
  }

  /**
   * Deletes the project's raw events stored before `beforeMs`, a chunk at a time between commits;
   * resolves once the last chunk is synced.
   * @example const { events } = await writer.purge('demo', Date.now() - 730 * DAY_MS)
   */
  purge(project: string, beforeMs: number): Promise<{ events: number }> {
    return this.request((id) => ({ type: 'purge', id, project, beforeMs }) satisfies WriterRequest) as Promise<{ events: number }>;
  }

  /**
   * Copies every WAL frame into the database file and truncates the WAL to 0 bytes, between the
   * writer's commits; resolves once done (a GDPR erase leaves no old page image behind).
   * @example await writer.truncateWal()
   */
  async truncateWal(): Promise<void> {
    await this.request((id) => ({ type: 'truncate-wal', id }) satisfies WriterRequest);
  }

  protected onMessage(msg: WriterReply): void {
    if (msg.type === 'purged' || msg.type === 'wal-truncated') {
      this.settle(msg.id, 'failure' in msg.outcome ? { error: errorOf(msg.outcome.failure) } : { value: msg.outcome });
      return;
    }
    if (msg.type !== 'done') return;
    for (const { id, outcome } of msg.results) this.settle(id, 'failure' in outcome ? { error: errorOf(outcome.failure) } : { value: outcome });
  }
}
