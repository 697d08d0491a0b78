// Segment's single-call endpoints (SPEC §16): POST /v1/track, /identify, /group, /page, /screen and
// /alias take one message each, with /v1/batch's authentication, validation, dedup and answers. No
// Segment server library sends single calls (they all batch), so these are raw HTTP calls as in
// Segment's HTTP API documentation: the write key as the Basic-auth user name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORIGIN, WRITE_KEY, startTestCollector, type TestCollector } from './support.js';
import { scanEvents } from '../../src/storage/scan-events.js';

let c: TestCollector;
beforeEach(async () => {
  c = await startTestCollector();
});
afterEach(async () => {
  await c.close();
});

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

function call(type: string, message: unknown, headers: Record<string, string> = { authorization: basic(WRITE_KEY) }): Promise<Response> {
  return fetch(`${c.url}/v1/${type}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(message) });
}

async function storedTypes(): Promise<string[]> {
  const types: string[] = [];
  for await (const e of scanEvents(c.store, 'test')) types.push(`${e.type}:${e.messageId}`);
  return types.sort();
}

describe('single-call endpoints', () => {
  it('stores one message per call on each of the six endpoints, typed by the path', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['track', { userId: 'u1', event: 'Report Exported', messageId: 's-track' }],
      ['identify', { userId: 'u1', traits: { email: 'u1@acme.test' }, messageId: 's-identify' }],
      ['group', { userId: 'u1', groupId: 'acme', traits: { plan: 'pro' }, messageId: 's-group' }],
      ['page', { userId: 'u1', name: 'Pricing', messageId: 's-page' }],
      ['screen', { userId: 'u1', name: 'Home', messageId: 's-screen' }],
      ['alias', { userId: 'u1', previousId: 'a1', messageId: 's-alias' }],
    ];
    for (const [type, message] of calls) {
      const res = await call(type, { ...message, timestamp: at(1) });
      expect([type, res.status, await res.json()]).toEqual([type, 200, { accepted: 1, duplicates: 0, rejected: [] }]);
    }
    // screen is counted as page (SPEC §3); a body's own "type" does not override the path.
    expect(await storedTypes()).toEqual(['alias:s-alias', 'group:s-group', 'identify:s-identify', 'page:s-page', 'page:s-screen', 'track:s-track']);
    const mislabeled = await call('track', { type: 'identify', userId: 'u1', event: 'Dashboard Viewed', messageId: 's-mislabeled' });
    expect(await mislabeled.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await storedTypes()).toContain('track:s-mislabeled');
  });

  it('deduplicates a resent message by messageId', async () => {
    const message = { userId: 'u1', event: 'Report Exported', messageId: 's-once', timestamp: at(2) };
    expect(await (await call('track', message)).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await (await call('track', message)).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await c.store.countEvents('test')).toBe(1);
  });

  it('authenticates like /v1/batch: body writeKey, Basic auth or header; 401 without; 403 for a foreign origin', async () => {
    const m = (id: string) => ({ userId: 'u1', event: 'Report Exported', messageId: id });
    expect((await call('track', { ...m('k1'), writeKey: WRITE_KEY }, {})).status).toBe(200);
    expect((await call('track', m('k2'), { 'x-uptake-write-key': WRITE_KEY })).status).toBe(200);
    const missing = await call('track', m('k3'), {});
    expect([missing.status, (await missing.json()).error.code]).toEqual([401, 'unauthorized']);
    expect((await call('track', m('k4'), { authorization: basic('wk_nobody') })).status).toBe(401);
    // A secret key is not a write key.
    expect((await call('track', m('k5'), { authorization: basic('sk_test_secret') })).status).toBe(401);
    const foreign = await call('track', m('k6'), { authorization: basic(WRITE_KEY), origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const allowed = await call('track', m('k7'), { authorization: basic(WRITE_KEY), origin: ORIGIN });
    expect([allowed.status, allowed.headers.get('access-control-allow-origin')]).toEqual([200, ORIGIN]);
    expect(await c.store.countEvents('test')).toBe(3);
  });

  it('validates like /v1/batch: a bad message is rejected with its reason, a non-object body is 400', async () => {
    const noName = await call('track', { userId: 'u1', messageId: 'bad-1' });
    expect([noName.status, await noName.json()]).toEqual([200, { accepted: 0, duplicates: 0, rejected: [{ index: 0, messageId: 'bad-1', reason: expect.stringMatching(/event name/) }] }]);
    const noUser = await call('identify', { traits: {}, messageId: 'bad-2' });
    expect((await noUser.json()).rejected[0].reason).toMatch(/userId or anonymousId/);
    for (const body of [[{ userId: 'u1', event: 'x' }], 'text', 42, null]) {
      const res = await call('track', body);
      expect([res.status, (await res.json()).error.code]).toEqual([400, 'invalid_body']);
    }
    expect(await c.store.countEvents('test')).toBe(0);
  });
});

describe('alias', () => {
  it('links previousId to userId, so the earlier id\'s events are that user\'s (erased with them)', async () => {
    expect((await call('page', { anonymousId: 'anon-77', name: 'Pricing', messageId: 'al-1', timestamp: at(30) })).status).toBe(200);
    expect((await call('track', { anonymousId: 'anon-77', event: 'Signup Started', messageId: 'al-2', timestamp: at(29) })).status).toBe(200);
    expect((await call('alias', { previousId: 'anon-77', userId: 'carol', messageId: 'al-3', timestamp: at(28) })).status).toBe(200);
    expect((await call('track', { userId: 'carol', event: 'Report Exported', messageId: 'al-4', timestamp: at(27) })).status).toBe(200);
    expect((await call('track', { anonymousId: 'anon-other', event: 'Signup Started', messageId: 'al-5', timestamp: at(26) })).status).toBe(200);

    const res = await fetch(`${c.url}/v1/admin/users/carol`, { method: 'DELETE', headers: { authorization: 'Bearer sk_test_secret' } });
    // anon-77's page and track + carol's alias and track = 4; anon-other's event stays.
    expect(await res.json()).toEqual({ userId: 'carol', deleted: true, events: 4 });
    expect(await storedTypes()).toEqual(['track:al-5']);
  });
});
