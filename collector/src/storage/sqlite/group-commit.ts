// One transaction for many batches: each batch in its own savepoint, so a batch that fails is rolled
// back alone, while a storage failure (busy, full, I/O) refuses them all; their rollups are written
// once for the whole transaction.
import type { Database, Statement } from 'better-sqlite3';
import type { IngestResult, NormalizedEvent } from '../store.js';
import { jsonOf } from '../serialized-json.js';
import { MAX_HELD_IDS } from './compact-events.js';
import { isStorageUnavailable } from './sqlite-errors.js';
import { ProjectRollups, writeRollups } from './deferred-rollups.js';
import { prepareWriteStatements, writeBatch } from './write-batch.js';

export interface BatchToWrite {
  project: string;
  events: NormalizedEvent[];
}

export type BatchOutcome = IngestResult | { error: unknown };

/**
 * Prepares the write statements on `db` and returns the group-commit function. The batches of one
 * commit share their rollups (deferred-rollups.ts): each batch's raw events in its own savepoint,
 * then the profile and rollup rows once for all of them. `keepIds`: the dictionary ids looked up stay
 * valid from one transaction to the next while no other connection commits (`PRAGMA data_version`,
 * read in each transaction, says when one did: a GDPR erase, which deletes entries, runs on another
 * connection). Without it (a connection that erases too), each batch looks them up again.
 * @example const commit = groupCommitter(db, { keepIds: true }); const [outcome] = commit([{ project: 'demo', events }]);
 */
export function groupCommitter(db: Database, options: { keepIds?: boolean } = {}): (batches: BatchToWrite[]) => BatchOutcome[] {
  const statements = prepareWriteStatements(db);
  const ids = statements.insertEvent;
  const dataVersion = db.prepare('PRAGMA data_version').pluck() as Statement<[], number>;
  let seenVersion: number | null = null;
  const oneBatch = db.transaction((batch: BatchToWrite, rollups: ProjectRollups) => writeBatch(statements, batch.project, batch.events, rollups));
  const group = db.transaction((batches: BatchToWrite[]) => {
    // Read first in the transaction: the snapshot it holds is the one the batches write on.
    const version = dataVersion.get()!;
    if (version !== seenVersion || ids.heldIds() > MAX_HELD_IDS) ids.reset();
    seenVersion = version;
    const projects = new Map<string, ProjectRollups>();
    const outcomes = batches.map((batch): BatchOutcome => {
      let rollups = projects.get(batch.project);
      if (!rollups) projects.set(batch.project, (rollups = new ProjectRollups()));
      try {
        if (!options.keepIds) ids.reset();
        // Nested transaction = savepoint.
        return oneBatch(batch, rollups);
      } catch (error) {
        // The batch is rolled back alone, with the dictionary entries it added (writeBatch put back its group calls).
        ids.reset();
        // Storage failures doom the whole transaction: rethrow so every batch is refused.
        if (isStorageUnavailable(error)) throw error;
        return { error };
      }
    });
    writeRollups(statements, projects, false);
    return outcomes;
  });
  return (batches) => {
    try {
      return group(batches);
    } catch (error) {
      ids.reset();
      throw error;
    }
  };
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
