// Main-thread side of the reader thread (reader-thread.ts): sends it a small read and settles the
// read's promise with its rows.
import type { ReaderReply, ReaderRequest } from './reader-thread.js';
import type { SmallReadName } from './small-reads.js';
import { errorOfFailure, StoreThreadClient } from './store-thread.js';

export class ReaderClient extends StoreThreadClient<unknown[][]> {
  constructor(path: string, busyTimeoutMs: number) {
    super(new URL('./reader-thread.ts', import.meta.url), { path, busyTimeoutMs }, 'reader');
  }

  /**
   * Runs one of the small reads on the reader thread.
   * @example const rows = await reader.all('sessionTotals', ['demo', fromDay, toDay])
   */
  all(name: SmallReadName, params: unknown[]): Promise<unknown[][]> {
    return this.request((id) => ({ type: 'read', id, name, params }) satisfies ReaderRequest);
  }

  protected onMessage(msg: ReaderReply): void {
    if (msg.type === 'rows') this.settle(msg.id, { value: msg.rows });
    else if (msg.type === 'failed') this.settle(msg.id, { error: errorOfFailure(msg.failure) });
  }
}
