// A PostgreSQL transaction of the store, on a pooled connection: statements pipelined, COMMIT awaited;
// conflicts between concurrent collectors (deadlock, serialization) rerun it with a jittered backoff.
import type pg from 'pg';
import { UptakeError } from '../../errors.js';
import { isConnectionLost, isTransactionConflict, toStorageError } from './pg-errors.js';
import { Pipeline } from './pg-pipeline.js';
import { BatchConflict } from './pg-write-batch.js';

/** Attempts of one transaction before a conflict is answered with 503. */
const MAX_ATTEMPTS = 8;

/**
 * Runs `work` in a transaction, rerunning it on a conflict with a concurrent writer, or once on a
 * fresh connection when a pooled one turns out dead before COMMIT was sent (server restarted).
 * @example const result = await runTransaction(pool, (tx) => writeBatch(tx, 'demo', events));
 */
export async function runTransaction<T>(pool: pg.Pool, work: (tx: Pipeline) => Promise<T>): Promise<T> {
  let reconnected = false;
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect().catch((err: unknown) => {
      throw toStorageError(err);
    });
    let broken: Error | undefined;
    let committing = false;
    // A connection dying while checked out is also emitted as an event; the failing query reports it.
    const onLost = (err: Error) => (broken = err);
    client.on('error', onLost);
    const tx = new Pipeline(client);
    try {
      void tx.send('BEGIN');
      const result = await work(tx);
      committing = true;
      void tx.send('COMMIT');
      await tx.settle();
      return result;
    } catch (failure) {
      // Statements behind a failed one fail too ("transaction is aborted"): act on the first.
      const err = tx.firstFailure ?? failure;
      if (isConnectionLost(err)) broken = err as Error;
      else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      // A lost COMMIT may have committed: not rerun, the client's retry is deduplicated instead.
      if (broken && !committing && !reconnected && isConnectionLost(err)) {
        reconnected = true;
        continue;
      }
      const conflict = isTransactionConflict(err) || err instanceof BatchConflict;
      if (conflict && attempt < MAX_ATTEMPTS) {
        // Jittered backoff so the transactions that collided do not collide again.
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
        continue;
      }
      if (err instanceof BatchConflict) throw new UptakeError('storage_unavailable', 'storage busy with concurrent writes; retry later', { retryAfter: 1, cause: err });
      throw toStorageError(err);
    } finally {
      // A connection that failed mid-transaction is discarded, not returned to the pool.
      client.off('error', onLost);
      client.release(broken);
    }
  }
}
