// Sends statements on one connection without waiting for each answer (node-postgres pipeline mode),
// so a batch costs a few network round trips instead of one per statement. `settle` awaits every
// answer: a failed statement fails the transaction even when COMMIT was already sent behind it
// (PostgreSQL then answers COMMIT with a rollback).
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Statement names by SQL text: each connection parses and plans a statement once, then reuses it. */
const names = new Map<string, string>();
export const nameOf = (sql: string): string => {
  let name = names.get(sql);
  if (!name) names.set(sql, (name = `uptake_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`));
  return name;
};

export class Pipeline {
  readonly client: pg.ClientBase;
  private sent: Promise<unknown>[] = [];
  /**
   * The first statement failure, in statement order. Later statements of the transaction then fail
   * with "current transaction is aborted"; this is the cause (e.g. a deadlock to rerun).
   */
  firstFailure: unknown = undefined;

  constructor(client: pg.ClientBase) {
    this.client = client;
  }

  /**
   * Sends one statement now; its answer can be awaited, and is awaited by `settle` anyway. Writes
   * are prepared once per connection. Lookups pass `{ prepared: false }`: they are planned for their
   * actual arguments each time, as a generic plan made while a table was still small keeps scanning
   * it whole once it has grown (an index lookup per key is what they need).
   * @example const users = tx.send('SELECT …', [project], { prepared: false }); …; (await users).rows
   */
  send<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = [], options: { prepared?: boolean } = {}): Promise<pg.QueryResult<R>> {
    const answer = options.prepared === false
      ? this.client.query<R>(sql, params)
      : this.client.query<R>({ name: nameOf(sql), text: sql, values: params });
    // Handled here so a failure is not an unhandled rejection before `settle` reports it.
    answer.catch((err: unknown) => {
      this.firstFailure ??= err;
    });
    this.sent.push(answer);
    return answer;
  }

  /** Waits for every statement sent so far; rejects with the first failure. */
  async settle(): Promise<void> {
    const answers = this.sent;
    this.sent = [];
    await Promise.all(answers);
  }
}
