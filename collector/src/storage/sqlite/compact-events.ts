// The compact raw-event layout of the SQLite store (SPEC §14: ≤ 250 bytes per stored event, rollups
// and indexes included). One `events` row is mostly small integers:
//
// - `id` = (stored time in ms << 20) + n, n counting events of the same millisecond: the table is
//   clustered by time, so time-range reads, retention and scans need no time index;
// - `project`, event names, user keys / anonymous ids and account ids are ids of the `dict` table;
//   session ids, the context's `page` and the rest of the context (library, userAgent, …) and page
//   events' properties, which repeat over a user's events, are ids of entries scoped to that user
//   (dict.scope = the user's dict id), so a GDPR erase removes them with the user;
// - `message_id` is a 16-byte blob when it is a lowercase UUID (what the SDK sends), else its text;
// - `t` = type code + 8 when the event has no userId (its user key is then its anonymousId) + 16 when
//   `context.sessionId` equals the session column and was left out of the stored context;
// - `account` is kept only when it differs from `grp` (attribution through the user's last group);
// - `received` = receivedAt − stored time (0 for most events).
//
// `event_rows` (a view) decodes rows back into the columns of the old layout, for scans and
// `migrate` to PostgreSQL.
import type { Database, Statement } from 'better-sqlite3';
import type { NormalizedEvent } from '../store.js';
import { jsonOf } from '../serialized-json.js';
import { ContextSplitter, SESSION_IN_CONTEXT, type StoredContext } from './stored-context.js';

export { SESSION_IN_CONTEXT };

/** An event whose context the bulk path split before it reached the writer (null: it has none). */
export type PreSplitEvent = NormalizedEvent & { storedContext?: StoredContext | null };

/** Bits of `id` below the millisecond: 2^20 events may share one stored millisecond. */
export const ID_SHIFT = 20;

/** What a dict entry is; page events' properties share the `page` entries (they mostly repeat context.page). */
export const DICT_KIND = { project: 1, name: 2, user: 3, account: 4, session: 5, page: 6, env: 7 } as const;
const TYPE_CODE: Record<string, number> = { track: 0, identify: 1, group: 2, page: 3, alias: 4 };
export const NO_USER_ID = 8;

export const COMPACT_EVENTS_SQL = `
  CREATE TABLE dict (
    id INTEGER PRIMARY KEY,
    scope INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (scope, kind, value)
  );
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    project INTEGER NOT NULL,
    message_id BLOB NOT NULL,
    t INTEGER NOT NULL,
    event INTEGER,
    uid INTEGER NOT NULL,
    anon INTEGER,
    grp INTEGER,
    account INTEGER,
    received INTEGER NOT NULL,
    session INTEGER,
    properties BLOB,
    traits TEXT,
    page INTEGER,
    env INTEGER
  );
  CREATE VIEW event_rows AS SELECT
    e.id AS id, e.id >> ${ID_SHIFT} AS ts, e.id & ${(1 << ID_SHIFT) - 1} AS seq, e.project AS pid, p.value AS project,
    CASE WHEN typeof(e.message_id) = 'blob' THEN lower(substr(hex(e.message_id), 1, 8) || '-' || substr(hex(e.message_id), 9, 4) || '-'
      || substr(hex(e.message_id), 13, 4) || '-' || substr(hex(e.message_id), 17, 4) || '-' || substr(hex(e.message_id), 21)) ELSE e.message_id END AS message_id,
    CASE e.t & 7 WHEN 0 THEN 'track' WHEN 1 THEN 'identify' WHEN 2 THEN 'group' WHEN 3 THEN 'page' ELSE 'alias' END AS type,
    n.value AS event,
    CASE WHEN e.t & ${NO_USER_ID} THEN NULL ELSE u.value END AS user_id,
    CASE WHEN e.t & ${NO_USER_ID} THEN u.value ELSE a.value END AS anonymous_id,
    u.value AS user_key, g.value AS group_id, coalesce(ac.value, g.value) AS account_id,
    (e.id >> ${ID_SHIFT}) + e.received AS received_at, s.value AS session_id,
    CASE WHEN typeof(e.properties) = 'integer' THEN pp.value ELSE e.properties END AS properties,
    e.traits AS traits,
    CASE WHEN e.env IS NULL THEN NULL
      WHEN e.page IS NULL AND e.t & ${SESSION_IN_CONTEXT} = 0 THEN env.value
      WHEN e.page IS NULL THEN json_set(env.value, '$.sessionId', s.value)
      WHEN e.t & ${SESSION_IN_CONTEXT} = 0 THEN json_set(env.value, '$.page', json(pg.value))
      ELSE json_set(env.value, '$.sessionId', s.value, '$.page', json(pg.value)) END AS context
  FROM events e JOIN dict p ON p.id = e.project JOIN dict u ON u.id = e.uid
    LEFT JOIN dict n ON n.id = e.event LEFT JOIN dict a ON a.id = e.anon LEFT JOIN dict g ON g.id = e.grp
    LEFT JOIN dict ac ON ac.id = e.account LEFT JOIN dict s ON s.id = e.session
    LEFT JOIN dict pp ON pp.id = e.properties AND typeof(e.properties) = 'integer'
    LEFT JOIN dict pg ON pg.id = e.page LEFT JOIN dict env ON env.id = e.env;
`;

/** Deduplication by (project, messageId); created after a migration's bulk copy. */
export const EVENTS_INDEXES_SQL = `CREATE UNIQUE INDEX events_by_message ON events (project, message_id);`;

/** Value of a lowercase hex digit by its char code ('0'–'9', 'a'–'f'), −1 for any other code below 128. */
const HEX_VALUE = Int8Array.from({ length: 128 }, (_, code) => (code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1));

/**
 * The stored form of a messageId: 16 bytes for a lowercase UUID (8-4-4-4-12 lowercase hex digits),
 * else the text.
 * Decoded digit by digit: a regular expression, `replace` and `Buffer.from(hex)` cost the bulk writer
 * ~1.5 µs per event, this ~0.2.
 * @example storedMessageId('0190a5c4-7d1e-7cc2-9b1a-3f0e4d2c1b0a').length // → 16
 */
export function storedMessageId(messageId: string): string | Buffer {
  if (messageId.length !== 36) return messageId;
  const bytes = Buffer.allocUnsafe(16);
  let at = 0;
  for (let i = 0; i < 36; i += 2) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (messageId.charCodeAt(i) !== 45) return messageId; // '-'
      i++;
    }
    const high = messageId.charCodeAt(i);
    const low = messageId.charCodeAt(i + 1);
    const h = high < 128 ? HEX_VALUE[high] : -1;
    const l = low < 128 ? HEX_VALUE[low] : -1;
    if (h < 0 || l < 0) return messageId;
    bytes[at++] = (h << 4) | l;
  }
  return bytes;
}

/**
 * The raw-event insert: the id is the next free one of the event's millisecond. Parameters: the stored
 * time three times, then the columns from `project` on (`RawEventWriter.encode` gives them all).
 */
export const COMPACT_INSERT_SQL = `INSERT OR IGNORE INTO events (id, project, message_id, t, event, uid, anon, grp, account, received, session, properties, traits, page, env)
  VALUES (coalesce((SELECT max(id) + 1 FROM events WHERE id >= (? << ${ID_SHIFT}) AND id < ((? + 1) << ${ID_SHIFT})), ? << ${ID_SHIFT}),
    ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * The raw-event insert of an event later than every stored one (the usual case: live events, and
 * imports of time-ordered exports): its id is known without the subquery of `COMPACT_INSERT_SQL`
 * (~2 µs per event). Parameters as `COMPACT_INSERT_SQL`'s, the first three being the stored time,
 * the event's number within its millisecond and 0. (Numbers bind as reals: `|` makes them integers,
 * where `+` would give a real and lose the low bits of an id past 2^53.)
 */
const APPEND_INSERT_SQL = `INSERT OR IGNORE INTO events (id, project, message_id, t, event, uid, anon, grp, account, received, session, properties, traits, page, env)
  VALUES ((? << ${ID_SHIFT}) | ? | ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Columns of one row of `appendManySql`: the id from (stored time, number within its millisecond), then the rest. */
const APPEND_ROW = `((? << ${ID_SHIFT}) | ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** An event's parameters from `project` on (what `fill` writes), after the id's. */
const EVENT_COLUMNS = 14;
/** Parameters per row of `appendManySql`: the stored time and the number within its millisecond, then the event's. */
const APPEND_COLUMNS = 2 + EVENT_COLUMNS;
/** The raw-event insert of `rows` events later than every stored one, in one statement. */
const appendManySql = (rows: number): string =>
  `INSERT OR IGNORE INTO events (id, project, message_id, t, event, uid, anon, grp, account, received, session, properties, traits, page, env)
  VALUES ${Array.from({ length: rows }, () => APPEND_ROW).join(', ')}`;

/** Dictionary ids a writer that keeps them across transactions holds at most (~100 bytes each), then it starts over. */
export const MAX_HELD_IDS = 100_000;

/** Inserts raw events in the compact layout; `run` has the shape of a statement's run. */
export interface RawEventWriter {
  /** Inserts one event (ignored when its (project, messageId) is stored): `changes` 1 when stored. */
  run(project: string, e: NormalizedEvent, accountId: string | null): { changes: number };
  /**
   * Inserts `events[from..to)` (their accounts in `accountIds`) in one statement, when each is later
   * than the one before and every stored one, and none is stored already: true. Else stores none of
   * them (dictionary entries aside) and answers false: the caller then takes them one by one with `run`.
   */
  runMany(project: string, events: NormalizedEvent[], from: number, to: number, accountIds: (string | null)[]): boolean;
  /** The insert's parameters for one event (dictionary entries it needs are added): what `run` binds. */
  encode(project: string, e: NormalizedEvent, accountId: string | null): unknown[];
  /** Forgets the dictionary ids looked up so far: call after a rollback, and before a transaction that another connection's erase may precede. */
  reset(): void;
  /** How many dictionary ids are held (a caller that keeps them across transactions bounds them with `reset`). */
  heldIds(): number;
}

/**
 * Prepares the raw-event insert on a connection (`newSessionsLikely`: bulk mode, see `idOf`).
 * @example const insert = rawEventWriter(db); insert.reset(); insert.run('demo', event, 'acme')
 */
export function rawEventWriter(db: Database, options: { newSessionsLikely?: boolean } = {}): RawEventWriter {
  const newSessionsLikely = options.newSessionsLikely ?? false;
  const find = db.prepare('SELECT id FROM dict WHERE scope = ? AND kind = ? AND value = ?').pluck() as Statement<[number, number, string], number>;
  const add = db.prepare('INSERT INTO dict (scope, kind, value) VALUES (?, ?, ?)');
  const addNew = db.prepare('INSERT INTO dict (scope, kind, value) VALUES (?, ?, ?) ON CONFLICT (scope, kind, value) DO NOTHING');
  const insert = db.prepare(COMPACT_INSERT_SQL);
  const append = db.prepare(APPEND_INSERT_SQL);
  const lastId = db.prepare('SELECT max(id) FROM events').pluck().safeIntegers(true) as Statement<[], bigint | null>;
  const appendMany = new Map<number, Statement<unknown[]>>();
  const savepoint = db.prepare('SAVEPOINT append_many');
  const rollbackTo = db.prepare('ROLLBACK TO append_many');
  const release = db.prepare('RELEASE append_many');
  /** The largest stored id as (stored time, number within its millisecond); read again after each `reset`. */
  let tail: { ts: number; n: number } | null = null;
  const readTail = () => {
    const id = lastId.get() ?? null;
    return id === null ? { ts: -Infinity, n: 0 } : { ts: Number(id >> BigInt(ID_SHIFT)), n: Number(id & BigInt((1 << ID_SHIFT) - 1)) };
  };
  /** Until `reset`: ids by (scope, kind) then value; a context's stored parts by user then context text. */
  let ids = new Map<number, Map<string, number>>();
  let held = 0;
  let userContexts = new Map<number, Map<string, { sessionId: string | null; flags: number; env: number; page: number | null }>>();
  const splitter = new ContextSplitter();
  const idOf = (scope: number, kind: number, value: string): number => {
    const group = scope * 8 + kind;
    let values = ids.get(group);
    if (!values) ids.set(group, (values = new Map()));
    let id = values.get(value);
    if (id === undefined) {
      held++;
      if (newSessionsLikely && kind === DICT_KIND.session) {
        // Bulk mode: a session id of history is mostly new (one per visit): insert first, look up only
        // when it was there. (A live batch mostly continues sessions already stored.)
        const info = addNew.run(scope, kind, value);
        id = info.changes === 1 ? Number(info.lastInsertRowid) : find.get(scope, kind, value)!;
      } else id = find.get(scope, kind, value) ?? Number(add.run(scope, kind, value).lastInsertRowid);
      values.set(value, id);
    }
    return id;
  };
  const contextOf = (uid: number, text: string, sessionId: string | null) => {
    let texts = userContexts.get(uid);
    if (!texts) userContexts.set(uid, (texts = new Map()));
    let stored = texts.get(text);
    if (!stored || stored.sessionId !== sessionId) {
      const parts = splitter.split(text, sessionId);
      stored = { sessionId, flags: parts.flags, env: idOf(uid, DICT_KIND.env, parts.env), page: parts.page !== null ? idOf(uid, DICT_KIND.page, parts.page) : null };
      texts.set(text, stored);
    }
    return stored;
  };
  /** Writes an event's columns from `project` on (`COMPACT_INSERT_SQL`'s parameters after the three times) into `out` at `at`. */
  const fill = (out: unknown[], at: number, project: string, e: NormalizedEvent, accountId: string | null): void => {
    // Dictionary entries are looked up (and so numbered when new) in this order.
    const pid = idOf(0, DICT_KIND.project, project);
    const uid = idOf(pid, DICT_KIND.user, e.userKey);
    let t = TYPE_CODE[e.type] ?? 0;
    if (e.userId === null) t |= NO_USER_ID;
    const anon = e.userId !== null && e.anonymousId !== null ? idOf(pid, DICT_KIND.user, e.anonymousId) : null;
    const grp = e.groupId !== null ? idOf(pid, DICT_KIND.account, e.groupId) : null;
    const account = grp === null && accountId !== null ? idOf(pid, DICT_KIND.account, accountId) : null;
    const session = e.sessionId !== null ? idOf(uid, DICT_KIND.session, e.sessionId) : null;
    let page: number | null = null;
    let env: number | null = null;
    const split = (e as PreSplitEvent).storedContext;
    if (split !== undefined) {
      if (split !== null) {
        t |= split.flags;
        env = idOf(uid, DICT_KIND.env, split.env);
        page = split.page !== null ? idOf(uid, DICT_KIND.page, split.page) : null;
      }
    } else {
      const contextText = jsonOf(e, 'context');
      if (contextText !== null) {
        const stored = contextOf(uid, contextText, e.sessionId);
        t |= stored.flags;
        env = stored.env;
        page = stored.page;
      }
    }
    const propertiesText = jsonOf(e, 'properties');
    // A BigInt binds as an integer (a number would be stored as an 8-byte real in this untyped column).
    const properties = propertiesText !== null && e.type === 'page' ? BigInt(idOf(uid, DICT_KIND.page, propertiesText)) : propertiesText;
    out[at] = pid;
    out[at + 1] = storedMessageId(e.messageId);
    out[at + 2] = t;
    out[at + 3] = e.event !== null ? idOf(pid, DICT_KIND.name, e.event) : null;
    out[at + 4] = uid;
    out[at + 5] = anon;
    out[at + 6] = grp;
    out[at + 7] = account;
    out[at + 8] = Math.round(e.receivedAt - Math.floor(e.timestamp));
    out[at + 9] = session;
    out[at + 10] = properties;
    out[at + 11] = jsonOf(e, 'traits');
    out[at + 12] = page;
    out[at + 13] = env;
  };
  const runParams = new Map<number, unknown[]>();
  return {
    reset() {
      ids = new Map();
      held = 0;
      userContexts = new Map();
      tail = null;
    },
    heldIds: () => held,
    run(project, e, accountId) {
      const params = this.encode(project, e, accountId);
      const ts = params[0] as number;
      tail ??= readTail();
      const n = ts > tail.ts ? 0 : ts === tail.ts ? tail.n + 1 : -1;
      if (n < 0 || n >= 1 << ID_SHIFT) {
        // Older than the newest stored event (or its millisecond is full): the next free id of its millisecond.
        if (n >= 0) tail = null;
        return insert.run(...params);
      }
      params[1] = n;
      params[2] = 0;
      const info = append.run(...params);
      if (info.changes === 1) {
        tail.ts = ts;
        tail.n = n;
      }
      return info;
    },
    runMany(project, events, from, to, accountIds) {
      tail ??= readTail();
      // Each event's number within its millisecond first (its time as `encode` gives it): a run that
      // cannot be appended costs no encoding.
      const numbers: number[] = [];
      let ts = tail.ts;
      let n = tail.n;
      for (let i = from; i < to; i++) {
        const at = Math.floor(events[i].timestamp);
        n = at > ts ? 0 : at === ts ? n + 1 : -1;
        if (n < 0 || n >= 1 << ID_SHIFT) return false;
        ts = at;
        numbers.push(n);
      }
      // One parameter array per run length, refilled: no fresh array per run, nor one per event, for
      // the writer's young-generation collections to sweep.
      const rows = to - from;
      let params = runParams.get(rows);
      if (!params) runParams.set(rows, (params = new Array<unknown>(rows * APPEND_COLUMNS).fill(null)));
      for (let i = from; i < to; i++) {
        const at = (i - from) * APPEND_COLUMNS;
        const e = events[i];
        params[at] = Math.floor(e.timestamp);
        params[at + 1] = numbers[i - from];
        fill(params, at + 2, project, e, accountIds[i - from]);
      }
      let statement = appendMany.get(rows);
      if (!statement) appendMany.set(rows, (statement = db.prepare(appendManySql(rows))));
      // A savepoint: when one of them was stored already, none is kept (their ids would not follow the stored ones').
      savepoint.run();
      const stored = statement.run(params).changes === rows;
      if (!stored) rollbackTo.run();
      release.run();
      if (stored) {
        tail.ts = ts;
        tail.n = n;
      }
      return stored;
    },
    encode(project, e, accountId) {
      const ts = Math.floor(e.timestamp);
      const params = new Array<unknown>(3 + EVENT_COLUMNS);
      params[0] = ts;
      params[1] = ts;
      params[2] = ts;
      fill(params, 3, project, e, accountId);
      return params;
    },
  };
}
