// POST /v1/batch against a real server on loopback and a real SQLite file: one test per SPEC §3 rule.
// Over 400 lines because it is the one place that walks through every rule of SPEC §3 in order.
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEventRow } from '../../src/storage/store.js';
import { ORIGIN, WRITE_KEY, startTestCollector, track, type TestCollector } from './support.js';
import { scanEvents } from '../../src/storage/scan-events.js';

async function scan(c: TestCollector, project = 'test'): Promise<StoredEventRow[]> {
  const rows: StoredEventRow[] = [];
  for await (const r of scanEvents(c.store, project)) rows.push(r);
  return rows;
}

describe('POST /v1/batch', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startTestCollector();
  });
  afterEach(async () => {
    await c.close();
  });

  describe('Segment compatibility', () => {
    it('stores a Segment batch of track, identify, group, page, screen and alias calls', async () => {
      const res = await c.post({
        writeKey: WRITE_KEY,
        batch: [
          track({ messageId: 't1', properties: { format: 'csv' } }),
          { type: 'identify', userId: 'u1', messageId: 'i1', traits: { email: 'ann@acme.io' } },
          { type: 'group', userId: 'u1', groupId: 'acme', messageId: 'g1', traits: { name: 'Acme', plan: 'pro' } },
          { type: 'page', userId: 'u1', name: 'Home', messageId: 'p1' },
          { type: 'screen', userId: 'u1', name: 'Settings', messageId: 's1' },
          { type: 'alias', userId: 'u1', previousId: 'anon-1', messageId: 'a1' },
        ],
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 6, duplicates: 0, rejected: [] });
      const rows = await scan(c);
      expect(Object.fromEntries(rows.map((r) => [r.messageId, [r.type, r.event]]))).toEqual({
        t1: ['track', 'Report Exported'],
        i1: ['identify', null],
        g1: ['group', null],
        p1: ['page', 'Home'],
        s1: ['page', 'Settings'],
        a1: ['alias', null],
      });
      expect(rows.find((r) => r.messageId === 'a1')?.properties).toEqual({ previousId: 'anon-1' });
    });

    it('takes the write key from the body, from Basic auth, or from X-Uptake-Write-Key', async () => {
      const basic = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
      expect((await c.post({ writeKey: WRITE_KEY, batch: [track()] })).status).toBe(200);
      expect((await c.post({ batch: [track()] }, { headers: { authorization: basic } })).status).toBe(200);
      expect((await c.post({ batch: [track()] }, { headers: { 'x-uptake-write-key': WRITE_KEY } })).status).toBe(200);
      expect(await c.store.countEvents('test')).toBe(3);
    });

    it('reads the body as JSON whatever its Content-Type', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
        const res = await c.post({ writeKey: WRITE_KEY, batch: [track()] }, { headers: { 'content-type': type } });
        expect(res.status, type).toBe(200);
      }
      expect(await c.store.countEvents('test')).toBe(3);
    });

    it('accepts gzip request bodies', async () => {
      const body = gzipSync(JSON.stringify({ writeKey: WRITE_KEY, batch: [track(), track()] }));
      const res = await fetch(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-encoding': 'gzip', 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    });

    it('uses originalTimestamp as the client time when timestamp is absent', async () => {
      await c.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'o1', timestamp: undefined, originalTimestamp: '2026-01-05T10:00:00.000Z' })] });
      expect((await scan(c))[0].timestamp).toBe(Date.parse('2026-01-05T10:00:00.000Z'));
    });

    it('assigns a messageId to an event sent without one', async () => {
      const res = await c.post({ writeKey: WRITE_KEY, batch: [track({ messageId: undefined }), track({ messageId: undefined })] });
      expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      const ids = (await scan(c)).map((r) => r.messageId);
      expect(new Set(ids).size).toBe(2);
      expect(ids.every((id) => id.length > 0 && id.length <= 100)).toBe(true);
    });
  });

  describe('semantics', () => {
    it('acknowledges only committed events: another connection sees them right after the 200', async () => {
      const res = await c.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'durable-1' })] });
      expect(res.status).toBe(200);
      const other = new Database(c.dbPath, { readonly: true });
      expect(other.prepare('SELECT message_id FROM events').pluck().all()).toEqual(['durable-1']);
      other.close();
    });

    it('counts a resent batch as duplicates and never stores it twice', async () => {
      const batch = [track({ messageId: 'r1' }), track({ messageId: 'r2' })];
      expect(await (await c.post({ writeKey: WRITE_KEY, batch })).json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      expect(await (await c.post({ writeKey: WRITE_KEY, batch })).json()).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
      expect(await c.store.countEvents('test')).toBe(2);
    });

    it('stores a messageId repeated inside one batch once and counts the repeat as a duplicate', async () => {
      const e = track({ messageId: 'same' });
      expect(await (await c.post({ writeKey: WRITE_KEY, batch: [e, e, track()] })).json()).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
    });

    it('reflects every acknowledged event in the next read (read your writes)', async () => {
      await c.post({ writeKey: WRITE_KEY, batch: [{ type: 'identify', userId: 'ryw', messageId: 'ryw-1', traits: { role: 'admin' } }] });
      expect((await c.store.getUser('test', 'ryw'))?.traits).toEqual({ role: 'admin' });
    });

    it('partially accepts a batch: a bad event is rejected alone with its index, messageId and reason', async () => {
      const res = await c.post({
        writeKey: WRITE_KEY,
        batch: [track({ messageId: 'ok-1' }), { type: 'track', userId: 'u1', messageId: 'bad-1' }, track({ messageId: 'ok-2' }), 42],
      });
      const body = await res.json();
      expect(body.accepted).toBe(2);
      expect(body.duplicates).toBe(0);
      expect(body.rejected).toEqual([
        { index: 1, messageId: 'bad-1', reason: expect.stringMatching(/event name/) },
        { index: 3, messageId: null, reason: expect.any(String) },
      ]);
      expect((await scan(c)).map((r) => r.messageId).sort()).toEqual(['ok-1', 'ok-2']);
    });
  });

  describe('clock skew', () => {
    const RECEIVED = Date.parse('2026-03-01T12:00:00.000Z');
    let pinned: TestCollector;
    beforeEach(async () => {
      pinned = await startTestCollector({ now: () => RECEIVED });
    });
    afterEach(async () => {
      await pinned.close();
    });
    const storedTimes = async () => Object.fromEntries((await scan(pinned)).map((r) => [r.messageId, r.timestamp - RECEIVED]));

    it('with sentAt, stores receivedAt − (sentAt − timestamp)', async () => {
      // The client clock is 1 hour fast; the event happened 10 s before sending.
      await pinned.post({ writeKey: WRITE_KEY, sentAt: '2026-03-01T13:00:00.000Z', batch: [track({ messageId: 'k', timestamp: '2026-03-01T12:59:50.000Z' })] });
      expect(await storedTimes()).toEqual({ k: -10_000 });
    });

    it('without sentAt, stores the timestamp, or receivedAt when there is none', async () => {
      await pinned.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'a', timestamp: '2026-03-01T11:00:00.000Z' }), track({ messageId: 'b', timestamp: undefined })] });
      expect(await storedTimes()).toEqual({ a: -3_600_000, b: 0 });
    });

    it('never stores a time later than receivedAt', async () => {
      await pinned.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'f', timestamp: '2030-01-01T00:00:00.000Z' })] });
      await pinned.post({ writeKey: WRITE_KEY, sentAt: '2026-03-01T11:00:00.000Z', batch: [track({ messageId: 'g', timestamp: '2026-03-01T11:30:00.000Z' })] });
      expect(await storedTimes()).toEqual({ f: 0, g: 0 });
    });
  });

  describe('errors', () => {
    const errorOf = async (res: Response) => ({ status: res.status, body: await res.json() });

    it('answers 400 when the body is not JSON', async () => {
      expect(await errorOf(await c.post('{"batch": [', { raw: true, headers: { 'x-uptake-write-key': WRITE_KEY } }))).toEqual({
        status: 400,
        body: { error: { code: 'invalid_body', message: expect.any(String) } },
      });
    });

    it('answers 400 when the body is not a batch', async () => {
      for (const body of [[], { writeKey: WRITE_KEY }, { writeKey: WRITE_KEY, batch: {} }, 'text', null]) {
        expect((await errorOf(await c.post(body))).body.error.code).toBe('invalid_body');
      }
    });

    it('answers 401 for an unknown or missing write key', async () => {
      expect(await errorOf(await c.post({ writeKey: 'nope', batch: [track()] }))).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      expect(await errorOf(await c.post({ batch: [track()] }))).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      expect(await c.store.countEvents('test')).toBe(0);
    });

    it('answers 403 to a browser request from an origin not in allowedOrigins', async () => {
      const res = await c.post({ writeKey: WRITE_KEY, batch: [track()] }, { headers: { origin: 'http://evil.example.com' } });
      expect(await errorOf(res)).toMatchObject({ status: 403, body: { error: { code: 'forbidden_origin' } } });
      // Another project's origin does not open this project.
      expect((await c.post({ writeKey: WRITE_KEY, batch: [track()] }, { headers: { origin: 'http://other.example.com' } })).status).toBe(403);
      expect(await c.store.countEvents('test')).toBe(0);
    });

    it('answers 413 to a body over 1 MiB', async () => {
      const big = JSON.stringify({ writeKey: WRITE_KEY, batch: [track({ properties: { pad: 'x'.repeat(1024 * 1024) } })] });
      expect(await errorOf(await c.post(big, { raw: true }))).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    });

    it('answers 413 to a gzip body over 1 MiB once inflated, without inflating it all', async () => {
      // 64 MiB of zeros compress to ~64 KiB: a small request that must not be inflated past the cap.
      const body = gzipSync(Buffer.concat([Buffer.from(`{"writeKey":"${WRITE_KEY}","batch":[],"pad":"`), Buffer.alloc(64 * 1024 * 1024, 0x61), Buffer.from('"}')]));
      const res = await fetch(`${c.url}/v1/batch`, { method: 'POST', headers: { 'content-encoding': 'gzip' }, body });
      expect(await errorOf(res)).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    });

    it('answers 413 to a batch of more than 1000 events', async () => {
      const batch = Array.from({ length: 1001 }, () => ({ type: 'page', userId: 'u' }));
      expect(await errorOf(await c.post({ writeKey: WRITE_KEY, batch }))).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
      const ok = Array.from({ length: 1000 }, () => ({ type: 'page', userId: 'u' }));
      expect((await c.post({ writeKey: WRITE_KEY, batch: ok })).status).toBe(200);
    });

    it('answers 429 with Retry-After over the per-write-key rate limit', async () => {
      const limited = await startTestCollector({ project: { rateLimits: { perWriteKey: { requestsPerSecond: 0.5, burst: 2 } } } });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await limited.post({ writeKey: WRITE_KEY, batch: [track()] })).status);
        expect(statuses).toEqual([200, 200, 429]);
        const res = await limited.post({ writeKey: WRITE_KEY, batch: [track()] });
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect((await res.json()).error.code).toBe('rate_limited');
      } finally {
        await limited.close();
      }
    });

    it('answers 429 with Retry-After over the per-IP rate limit', async () => {
      const limited = await startTestCollector({ project: { rateLimits: { perIp: { requestsPerSecond: 0.2, burst: 1 } } } });
      try {
        expect((await limited.post({ writeKey: WRITE_KEY, batch: [track()] })).status).toBe(200);
        const res = await limited.post({ writeKey: WRITE_KEY, batch: [track()] });
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      } finally {
        await limited.close();
      }
    });

    it('never throttles a well-behaved client under the default limits', async () => {
      const statuses = await Promise.all(Array.from({ length: 200 }, () => c.post({ writeKey: WRITE_KEY, batch: [track()] }).then((r) => r.status)));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    });

    it('answers 503 with Retry-After when storage is locked, and acknowledges nothing', async () => {
      const other = new Database(c.dbPath);
      other.exec('BEGIN IMMEDIATE');
      try {
        const res = await c.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'locked' })] });
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect((await res.json()).error.code).toBe('storage_unavailable');
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      expect(await c.store.countEvents('test')).toBe(0);
      // The retry is stored.
      expect(await (await c.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'locked' })] })).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    });
  });

  describe('per-event limits', () => {
    const nested = (levels: number) => {
      let o: Record<string, unknown> = { leaf: 1 };
      for (let i = 1; i < levels; i++) o = { child: o };
      return o;
    };

    it('rejects properties or traits over 32 KiB serialized, alone', async () => {
      const pad = (n: number) => ({ pad: 'x'.repeat(n - '{"pad":""}'.length) });
      const body = await (
        await c.post({
          writeKey: WRITE_KEY,
          batch: [
            track({ messageId: 'exact', properties: pad(32 * 1024) }),
            track({ messageId: 'over', properties: pad(32 * 1024 + 1) }),
            { type: 'identify', userId: 'u1', messageId: 'traits-over', traits: pad(32 * 1024 + 1) },
          ],
        })
      ).json();
      expect(body.accepted).toBe(1);
      expect(body.rejected.map((r: { messageId: string }) => r.messageId)).toEqual(['over', 'traits-over']);
    });

    it('rejects properties nested deeper than 8 levels, alone', async () => {
      const body = await (await c.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'eight', properties: nested(8) }), track({ messageId: 'nine', properties: nested(9) })] })).json();
      expect(body.accepted).toBe(1);
      expect(body.rejected).toEqual([{ index: 1, messageId: 'nine', reason: expect.stringMatching(/nested/) }]);
    });

    it('rejects bad types, missing ids, bad event names, long messageIds and bad timestamps, alone', async () => {
      const body = await (
        await c.post({
          writeKey: WRITE_KEY,
          batch: [
            track({ type: 'explode' }),
            track({ userId: undefined }),
            track({ event: '' }),
            track({ event: 'e'.repeat(201) }),
            track({ messageId: 'm'.repeat(101) }),
            track({ timestamp: 'yesterday-ish' }),
            { type: 'group', userId: 'u1', messageId: 'no-group' },
            track({ messageId: 'good', event: 'e'.repeat(200) }),
          ],
        })
      ).json();
      expect(body.accepted).toBe(1);
      expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin with 204 and the CORS headers', async () => {
      const res = await fetch(`${c.url}/v1/batch`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    });

    it('refuses a preflight from an origin no project allows', async () => {
      const res = await fetch(`${c.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'http://evil.example.com', 'access-control-request-method': 'POST' } });
      expect(res.status).toBe(403);
      // Nothing is granted: no CORS header at all.
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('answers preflights without touching storage', async () => {
      await c.store.close();
      const res = await fetch(`${c.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
      expect(res.status).toBe(204);
    });

    it('puts the CORS headers and exposes Retry-After on every answer to a browser, errors included', async () => {
      for (const [body, status] of [
        [{ writeKey: WRITE_KEY, batch: [track()] }, 200],
        [{ writeKey: 'nope', batch: [] }, 401],
        ['not json', 400],
      ] as const) {
        const res = await c.post(body, { raw: typeof body === 'string', headers: { origin: ORIGIN, 'content-type': 'text/plain' } });
        expect(res.status).toBe(status);
        expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
        expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
      }
      const forbidden = await c.post({ writeKey: WRITE_KEY, batch: [] }, { headers: { origin: 'http://evil.example.com' } });
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get('access-control-allow-origin')).toBe('http://evil.example.com');
    });

    it('does not origin-check requests without Origin (server libraries)', async () => {
      const res = await c.post({ writeKey: WRITE_KEY, batch: [track()] });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('accounts and traits', () => {
    it('attributes events to groupId, else to the account the user was last grouped with', async () => {
      await c.post({
        writeKey: WRITE_KEY,
        batch: [
          track({ messageId: 'before' }),
          { type: 'group', userId: 'u1', groupId: 'acme', messageId: 'grp', traits: { name: 'Acme', plan: 'pro', seats: 5, mrr: 500 } },
          track({ messageId: 'after' }),
          track({ messageId: 'explicit', groupId: 'globex' }),
        ],
      });
      await c.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'later' })] });
      const accounts = Object.fromEntries((await scan(c)).map((r) => [r.messageId, r.accountId]));
      expect(accounts).toEqual({ before: null, grp: 'acme', after: 'acme', explicit: 'globex', later: 'acme' });
      expect(await c.store.getAccount('test', 'acme')).toMatchObject({ name: 'Acme', plan: 'pro', seats: 5, mrr: 500 });
    });

    it('keeps the latest identify traits per user and group traits per account', async () => {
      await c.post({ writeKey: WRITE_KEY, batch: [{ type: 'identify', userId: 'u9', messageId: 'id1', traits: { email: 'a@x.io', role: 'viewer' }, timestamp: '2026-01-01T00:00:00Z' }] });
      await c.post({ writeKey: WRITE_KEY, batch: [{ type: 'identify', userId: 'u9', messageId: 'id2', traits: { role: 'admin' }, timestamp: '2026-01-02T00:00:00Z' }] });
      await c.post({ writeKey: WRITE_KEY, batch: [{ type: 'group', userId: 'u9', groupId: 'co', messageId: 'g1', traits: { plan: 'trial' } }, { type: 'group', userId: 'u9', groupId: 'co', messageId: 'g2', traits: { plan: 'pro' } }] });
      expect((await c.store.getUser('test', 'u9'))?.traits).toEqual({ email: 'a@x.io', role: 'admin' });
      expect((await c.store.getAccount('test', 'co'))?.plan).toBe('pro');
    });
  });

  describe('privacy', () => {
    it('stores no raw IP address, neither the context ip nor the client address', async () => {
      await c.post({ writeKey: WRITE_KEY, batch: [track({ messageId: 'ip', context: { ip: '203.0.113.7', locale: 'en-GB' } })] });
      expect((await scan(c))[0].context).toEqual({ locale: 'en-GB' });
      const db = new Database(c.dbPath, { readonly: true });
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
      for (const table of tables) {
        const dump = JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all());
        expect(dump, table).not.toContain('203.0.113.7');
        expect(dump, table).not.toContain('127.0.0.1');
      }
      db.close();
    });
  });
});

describe('GET /healthz and /metrics', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startTestCollector();
  });
  afterEach(async () => {
    await c.close();
  });

  it('answers 200 {"status":"ok"} while storage answers, 503 when it does not', async () => {
    const ok = await fetch(`${c.url}/healthz`);
    expect([ok.status, await ok.json()]).toEqual([200, { status: 'ok', config: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), loadedAt: expect.any(String) } }]);
    await c.store.close();
    const down = await fetch(`${c.url}/healthz`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).not.toBeNull();
    expect((await down.json()).error.code).toBe('storage_unavailable');
  });

  it('exposes accepted, duplicate and rejected events, requests by status and ingest latency in Prometheus text', async () => {
    const e = track();
    await c.post({ writeKey: WRITE_KEY, batch: [e, e, { type: 'nope' }] });
    await c.post({ writeKey: 'bad', batch: [] });
    // Per-project figures need the metricsToken of the config (SPEC §16).
    c.ctx.config.metricsToken = 'mt_test_scraper_0123456789';
    const res = await fetch(`${c.url}/metrics`, { headers: { authorization: 'Bearer mt_test_scraper_0123456789' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('uptake_events_accepted_total{project="test"} 1\n');
    expect(text).toContain('uptake_events_duplicate_total{project="test"} 1\n');
    expect(text).toContain('uptake_events_rejected_total{project="test",reason="invalid_type"} 1\n');
    expect(text).toContain('uptake_http_requests_total{status="200"} 1\n');
    expect(text).toContain('uptake_http_requests_total{status="401"} 1\n');
    expect(text).toContain('# TYPE uptake_ingest_duration_seconds histogram');
    expect(text).toContain('uptake_ingest_duration_seconds_count 2\n');
  });
});
