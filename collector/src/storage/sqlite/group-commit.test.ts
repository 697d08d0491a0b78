// The writer thread's group commit (group-commit.ts): a batch that fails is rolled back alone, and so
// are the group calls it made, which later batches of the same commit must not see.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../store-fixtures.js';
import { configureConnection } from './connection.js';
import { groupCommitter } from './group-commit.js';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('group commit', () => {
  it("puts back a failed batch's group calls before the next batch of the same commit is attributed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptake-group-commit-'));
    dirs.push(dir);
    const file = join(dir, 'uptake.db');
    await openSqliteStore(file).close();
    const db = new Database(file);
    configureConnection(db, 1000);
    db.exec(`CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.message_id = 'bad' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    const commit = groupCommitter(db);
    commit([{ project: 'p', events: [makeEvent({ messageId: 'join-acme', type: 'group', event: null, groupId: 'acme', at: 0 })] }]);

    const outcomes = commit([
      // u1 moves to globex, then the batch fails: the move is rolled back with it.
      { project: 'p', events: [makeEvent({ messageId: 'join-globex', type: 'group', event: null, groupId: 'globex', at: 1 }), makeEvent({ messageId: 'bad', at: 2 })] },
      { project: 'p', events: [makeEvent({ messageId: 'after', at: 3 })] },
    ]);
    expect(outcomes.map((o) => ('error' in o ? 'error' : o.accepted))).toEqual(['error', 1]);
    const accounts = db.prepare('SELECT message_id, account_id FROM event_rows ORDER BY id').raw().all();
    expect(accounts).toEqual([['join-acme', 'acme'], ['after', 'acme']]);
    // And the user's profile keeps its last group.
    expect(db.prepare(`SELECT last_group_id FROM users WHERE user_key = 'u1'`).pluck().get()).toBe('acme');
    db.close();
  });
});
