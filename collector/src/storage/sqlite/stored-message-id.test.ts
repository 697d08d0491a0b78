// The stored form of a messageId (compact-events.ts `storedMessageId`): a lowercase UUID becomes its
// 16 bytes, anything else stays text; both read back as sent and deduplicate on a second send.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { scanEvents } from '../scan-events.js';
import { makeEvent } from '../store-fixtures.js';
import { storedMessageId } from './compact-events.js';
import { openSqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const UUID = '0190a5c4-7d1e-7cc2-9b1a-3f0e4d2c1b0a';

describe('storedMessageId', () => {
  it('gives the 16 bytes of a lowercase UUID, its hex digits in order without the dashes', () => {
    const bytes = storedMessageId(UUID) as Buffer;
    expect(Buffer.isBuffer(bytes)).toBe(true);
    // 0190a5c4 | 7d1e | 7cc2 | 9b1a | 3f0e4d2c1b0a → 01 90 a5 c4 7d 1e 7c c2 9b 1a 3f 0e 4d 2c 1b 0a
    expect([...bytes]).toEqual([0x01, 0x90, 0xa5, 0xc4, 0x7d, 0x1e, 0x7c, 0xc2, 0x9b, 0x1a, 0x3f, 0x0e, 0x4d, 0x2c, 0x1b, 0x0a]);
    // Every digit value at both places of a byte: 0 and f, 9 and a (the edges of the two digit ranges).
    expect([...(storedMessageId('00ff9aa9-f00f-0000-ffff-0123456789ab') as Buffer)]).toEqual([
      0x00, 0xff, 0x9a, 0xa9, 0xf0, 0x0f, 0x00, 0x00, 0xff, 0xff, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
    ]);
  });

  it('keeps as text what is not a lowercase UUID', () => {
    const notUuids = [
      UUID.toUpperCase(), // upper case: stored as sent, so it reads back upper case
      '0190A5c4-7d1e-7cc2-9b1a-3f0e4d2c1b0a', // one upper-case digit
      '0190a5c4-7d1e-7cc2-9b1a-3f0e4d2c1b0', // 35 characters
      `${UUID}0`, // 37
      '0190a5c47-d1e-7cc2-9b1a-3f0e4d2c1b0a', // first dash one place late
      '0190a5c4-7d1e-7cc2-9b1a_3f0e4d2c1b0a', // last dash replaced
      '0190a5c4-7d1e-7cc2-9b1a-3f0e4d2c1b0g', // 'g' last
      '0190a5c4-7d1e-7cc2-9b1a-3f0e4d2c1b0\u00e0', // a non-ASCII last character
      '0190a5c4-7d1e-7cc2-9b1a-3f0e4d2c1b:a', // ':' (the code after '9')
      '0190a5c4-7d1e-7cc2-9b1a-3f0e4d2c1b`a', // '`' (the code before 'a')
      '0190a5c4x7d1e-7cc2-9b1a-3f0e4d2c1b0a', // 'x' where a dash belongs
      '',
    ];
    for (const id of notUuids) expect(storedMessageId(id)).toBe(id);
  });

  it('stores a lowercase UUID as a 16-byte blob and other ids as text, reads both back as sent, and ignores a second send of each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uptake-message-id-'));
    dirs.push(dir);
    const file = join(dir, 'uptake.db');
    const store = openSqliteStore(file);
    const events = () => [makeEvent({ messageId: UUID, at: 0 }), makeEvent({ messageId: UUID.toUpperCase(), at: 1 }), makeEvent({ messageId: 'm-plain', at: 2 })];
    expect((await store.ingest('p', events())).accepted).toBe(3);
    // The same three again: each is a duplicate of its stored form.
    const again = await store.ingest('p', events());
    expect(again).toEqual({ accepted: 0, duplicateIndexes: [0, 1, 2] });
    const read: string[] = [];
    for await (const r of scanEvents(store, 'p')) read.push(r.messageId);
    expect(read).toEqual([UUID, UUID.toUpperCase(), 'm-plain']);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT typeof(message_id), length(message_id) FROM events ORDER BY id').raw().all()).toEqual([
      ['blob', 16],
      ['text', 36],
      ['text', 7],
    ]);
    expect(db.prepare('SELECT hex(message_id) FROM events ORDER BY id LIMIT 1').pluck().get()).toBe('0190A5C47D1E7CC29B1A3F0E4D2C1B0A');
    db.close();
  });
});
