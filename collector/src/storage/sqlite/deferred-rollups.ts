// Rollups deferred to the end of a transaction: each batch's newly stored events are folded into
// per-key deltas (rollup-deltas.ts) with the transaction's earlier batches', and the profile and
// rollup rows are written once for them all before the commit, so a row that many batches touch is
// written once. The bulk writer (bulk-writer-thread.ts) does it for transactions of up to 100 000
// events, the writer thread (group-commit.ts) for the batches one commit holds.
import type { UserStateRow } from '../row-mappers.js';
import { computeDeltas, emptyDeltas, newDeltaCursors } from '../rollup-deltas.js';
import type { StoredEventRow } from '../store.js';
import { writeDeltas, type DeferredRollups, type WriteStatements } from './write-batch.js';

/** The transaction's deferred rollups of one project. */
export class ProjectRollups implements DeferredRollups {
  users = new Map<string, UserStateRow | null>();
  lastGroup = new Map<string, { groupId: string; ts: number } | null>();
  deltas = emptyDeltas();
  /** Kept with `deltas`, whose entries they point to. */
  private readonly cursors = newDeltaCursors();
  stored = 0;
  add(rows: StoredEventRow[]): void {
    if (rows.length === 0) return;
    // The events themselves are not kept until the commit, only their deltas (one per rollup key),
    // folded straight into the transaction's (building each batch's, then merging, cost ~1 µs per event more).
    computeDeltas(rows, this.deltas, this.cursors);
    this.stored += rows.length;
  }
}

/**
 * Writes the profile and rollup rows of a transaction's deferred rollups (before its commit);
 * `newRowsLikely`: most rows are new (a history), see `writeDeltas`.
 */
export function writeRollups(statements: WriteStatements, projects: Map<string, ProjectRollups>, newRowsLikely: boolean): void {
  for (const [project, r] of projects) {
    if (r.stored === 0) continue;
    const users = r.users;
    const userOf = (userKey: string): UserStateRow | null => {
      if (!users.has(userKey)) users.set(userKey, statements.getUser.get(project, userKey) ?? null);
      return users.get(userKey)!;
    };
    writeDeltas(statements, project, r.deltas, userOf, r.lastGroup, newRowsLikely);
  }
}
