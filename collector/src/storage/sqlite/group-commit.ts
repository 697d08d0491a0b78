// One transaction for many batches: each batch in its own savepoint, so a batch that fails is rolled
// back alone, while a storage failure (busy, full, I/O) refuses them all.
import type { Database } from 'better-sqlite3';
import type { IngestResult, NormalizedEvent } from '../store.js';
import { jsonOf } from '../serialized-json.js';
import { isStorageUnavailable } from './sqlite-errors.js';
import { prepareWriteStatements, writeBatch } from './write-batch.js';

export interface BatchToWrite {
  project: string;
  events: NormalizedEvent[];
}

export type BatchOutcome = IngestResult | { error: unknown };

/**
 * Prepares the write statements on `db` and returns the group-commit function.
 * @example const commit = groupCommitter(db); const [outcome] = commit([{ project: 'demo', events }]);
 */
export function groupCommitter(db: Database): (batches: BatchToWrite[]) => BatchOutcome[] {
  const statements = prepareWriteStatements(db);
  const oneBatch = db.transaction((batch: BatchToWrite) => writeBatch(statements, batch.project, batch.events));
  return db.transaction((batches: BatchToWrite[]) =>
    batches.map((batch): BatchOutcome => {
      try {
        // Nested transaction = savepoint.
        return oneBatch(batch);
      } catch (error) {
        // Storage failures doom the whole transaction: rethrow so every batch is refused.
        if (isStorageUnavailable(error)) throw error;
        return { error };
      }
    }),
  );
}

/**
 * What a batch costs to hand to the writer thread: each event without the objects the write path
 * only stores (their JSON text stays, in `json`), keeping those the rollups read (identify and group
 * traits, survey event properties).
 * @example writer.postMessage({ project, events: slimForWriter(events) })
 */
export function slimForWriter(events: NormalizedEvent[]): NormalizedEvent[] {
  return events.map((e): NormalizedEvent => {
    const keepProperties = e.type === 'track' && e.event !== null && e.event.startsWith('$survey_');
    const keepTraits = e.type === 'identify' || e.type === 'group';
    return {
      messageId: e.messageId, type: e.type, event: e.event, userId: e.userId, anonymousId: e.anonymousId, userKey: e.userKey,
      groupId: e.groupId, timestamp: e.timestamp, receivedAt: e.receivedAt, sessionId: e.sessionId,
      properties: keepProperties ? e.properties : null, traits: keepTraits ? e.traits : null, context: null,
      json: { properties: jsonOf(e, 'properties'), traits: jsonOf(e, 'traits'), context: jsonOf(e, 'context') },
    };
  });
}
