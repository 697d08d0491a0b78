// Main-thread side of the reader thread (reader-thread.ts): sends it each small read and settles the
// read's promise with its rows. Every read is sent at once, each with a claim slot in shared memory;
// when the main thread falls idle first (its own large reads done) while reads wait in the thread's
// queue, it claims the last of them and makes it on its own connection, and the thread skips it:
// a report's reads end when both threads have run out of work, not when the reader thread has worked
// through a queue the main thread could have shared.
import type { ReaderReply, ReaderRequest } from './reader-thread.js';
import type { SmallReadName } from './small-reads.js';
import { toStorageError } from './sqlite-errors.js';
import { errorOfFailure, StoreThreadClient } from './store-thread.js';

/**
 * Claim slots. A slot is free again only once the thread has answered its read (with rows, or that it
 * skipped a read made here), so no two reads in its queue share one; a read sent while none is free
 * is the thread's alone.
 */
export const CLAIM_SLOTS = 1024;
/** A slot's states: waiting in the thread's queue, taken by the thread, taken by the main thread. */
export const WAITING = 0, TAKEN_THERE = 1, TAKEN_HERE = 2;

/** Makes a small read on the main thread's connection. */
export type ReadHere = (name: SmallReadName, params: unknown[]) => unknown[][];

interface Outstanding {
  name: SmallReadName;
  params: unknown[];
  slot: number;
}

export class ReaderClient extends StoreThreadClient<unknown[][]> {
  private readonly claims: Int32Array;
  /** Reads sent and not answered or made here, by id (in the order sent). */
  private readonly outstanding = new Map<number, Outstanding>();
  /** The claim slot of every read the thread has not answered yet (made here or not). */
  private readonly slotOf = new Map<number, number>();
  private readonly freeSlots = Array.from({ length: CLAIM_SLOTS }, (_, i) => i);
  private idleCheck: NodeJS.Immediate | null = null;

  constructor(path: string, busyTimeoutMs: number, private readonly readHere?: ReadHere) {
    const claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * 4));
    super(new URL('./reader-thread.ts', import.meta.url), { path, busyTimeoutMs, claims: claims.buffer as SharedArrayBuffer }, 'reader');
    this.claims = claims;
  }

  /**
   * Runs one of the small reads on the reader thread (or, when the main thread is idle while the read
   * still waits behind another there, on the main thread).
   * @example const rows = await reader.all('sessionTotals', ['demo', fromDay, toDay])
   */
  all(name: SmallReadName, params: unknown[]): Promise<unknown[][]> {
    const rows = this.request((id) => {
      const slot = this.freeSlots.pop() ?? -1;
      if (slot >= 0) {
        Atomics.store(this.claims, slot, WAITING);
        this.slotOf.set(id, slot);
        this.outstanding.set(id, { name, params, slot });
      }
      return { type: 'read', id, slot, name, params } satisfies ReaderRequest;
    });
    // Fires once the main thread has finished what it is running now (e.g. a report's large reads).
    if (this.readHere && this.outstanding.size > 1) this.idleCheck ??= setImmediate(() => this.readOneHere());
    return rows;
  }

  override async close(): Promise<void> {
    // What was sent is answered by the thread before it stops (or refused): none made here any more.
    if (this.idleCheck) clearImmediate(this.idleCheck);
    this.idleCheck = null;
    this.outstanding.clear();
    await super.close();
    this.slotOf.clear();
  }

  protected onMessage(msg: ReaderReply): void {
    if (msg.type === 'closed') return;
    this.outstanding.delete(msg.id);
    const slot = this.slotOf.get(msg.id);
    if (slot !== undefined) {
      this.slotOf.delete(msg.id);
      this.freeSlots.push(slot);
    }
    if (msg.type === 'rows') this.settle(msg.id, { value: msg.rows });
    else if (msg.type === 'failed') this.settle(msg.id, { error: errorOfFailure(msg.failure) });
  }

  /** The main thread is idle: it claims the last read still waiting behind another in the thread's queue. */
  private readOneHere(): void {
    this.idleCheck = null;
    // Never the oldest: the thread is on it, or about to be.
    const ids = [...this.outstanding.keys()];
    for (let i = ids.length - 1; i >= 1; i--) {
      const id = ids[i];
      const { name, params, slot } = this.outstanding.get(id)!;
      if (Atomics.compareExchange(this.claims, slot, WAITING, TAKEN_HERE) !== WAITING) continue;
      this.outstanding.delete(id);
      try {
        this.settle(id, { value: this.readHere!(name, params) });
      } catch (err) {
        this.settle(id, { error: toStorageError(err) });
      }
      if (this.outstanding.size > 1) this.idleCheck = setImmediate(() => this.readOneHere());
      return;
    }
  }
}
