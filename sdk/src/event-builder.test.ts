import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildEvent, forgetPage, type EventText } from './event-builder.js';
import { VERSION } from './version.js';

const PAGE = '{"type":"page","properties":';
/** An event's whole JSON text (its head and tail). */
const text = ([, head, tail]: EventText) => head + tail;

beforeAll(() => {
  const data = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) });
  vi.stubGlobal('location', { href: 'https://app.example.com/reports?tab=2', pathname: '/reports' });
  vi.stubGlobal('document', { title: 'Reports', referrer: 'https://app.example.com/' });
  vi.stubGlobal('navigator', { userAgent: 'TestAgent/1.0', language: 'de-DE' });
});
afterAll(() => vi.unstubAllGlobals());

describe('buildEvent', () => {
  // The wire envelope: a change here is a protocol change for the collector (SPEC §3).
  it('builds the Segment-shaped event the collector expects', () => {
    const at = Date.UTC(2026, 2, 3, 4, 5, 6, 7);
    vi.useFakeTimers({ now: at, toFake: ['Date'] });
    const [key, head, tail] = buildEvent('{"type":"track","event":"Report Exported","properties":', '{"format":"csv"}', { anonymousId: 'anon-1', userId: 'u1', groupId: 'acme' });
    vi.useRealTimers();
    const { messageId, context, ...rest } = JSON.parse(head + tail);
    expect(messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(key).toBe(messageId);
    expect(rest).toEqual({
      type: 'track',
      event: 'Report Exported',
      properties: { format: 'csv' },
      timestamp: '2026-03-03T04:05:06.007Z',
      anonymousId: 'anon-1',
      userId: 'u1',
      groupId: 'acme',
    });
    expect(context).toEqual({
      page: { url: 'https://app.example.com/reports?tab=2', path: '/reports', title: 'Reports', referrer: 'https://app.example.com/' },
      userAgent: 'TestAgent/1.0',
      locale: 'de-DE',
      library: { name: 'uptake-js', version: VERSION },
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('gives every event its own messageId and the same sessionId', () => {
    const [a, b] = [text(buildEvent(PAGE, '{}', { anonymousId: 'x' })), text(buildEvent(PAGE, '{}', { anonymousId: 'x' }))].map((text) => JSON.parse(text));
    expect(a.messageId).not.toBe(b.messageId);
    expect(a.context.sessionId).toBe(b.context.sessionId);
  });

  it('carries the identity given to each event: a new object after identify() replaces the ids', () => {
    const before = JSON.parse(text(buildEvent(PAGE, '{}', { anonymousId: 'x' })));
    const after = JSON.parse(text(buildEvent(PAGE, '{}', { anonymousId: 'x', userId: 'u"2' })));
    expect([before.anonymousId, before.userId, before.groupId]).toEqual(['x', undefined, undefined]);
    expect([after.anonymousId, after.userId]).toEqual(['x', 'u"2']);
  });

  it('gives the events of one identity and page one tail string (a burst posts it once), a new one after identify()', () => {
    const identity = { anonymousId: 'x' };
    const [, headA, tailA] = buildEvent(PAGE, '{}', identity);
    const [, , tailB] = buildEvent(PAGE, '{"n":1}', identity);
    const [, , tailC] = buildEvent(PAGE, '{}', { anonymousId: 'x', userId: 'u1' });
    expect(headA).toMatch(/^\{"type":"page","properties":\{\},"messageId":"[0-9a-f-]{36}","timestamp":"[^"]+"$/);
    expect(tailA.startsWith(',"anonymousId":"x","context":{"page":{')).toBe(true);
    expect(tailB).toBe(tailA);
    expect(tailC.startsWith(',"anonymousId":"x","userId":"u1","context":')).toBe(true);
  });

  it('reads the URL once per task, again after forgetPage (pushState) or in the next task', async () => {
    let href = 'https://app.example.com/a';
    vi.stubGlobal('location', { get href() { return href; } });
    const path = () => JSON.parse(text(buildEvent(PAGE, '{}', { anonymousId: 'x' }))).context.page.path;
    await Promise.resolve();
    expect(path()).toBe('/a');
    href = 'https://app.example.com/b';
    // Same task: the URL read at its first event.
    expect(path()).toBe('/a');
    forgetPage();
    expect(path()).toBe('/b');
    href = 'https://app.example.com/c?q=1';
    await Promise.resolve();
    expect(path()).toBe('/c');
    vi.stubGlobal('location', { href: 'https://app.example.com/reports?tab=2', pathname: '/reports' });
    forgetPage();
  });

  it('stamps events of the same millisecond with the same time, the next one with its own', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
    const first = [0, 1].map(() => JSON.parse(text(buildEvent(PAGE, '{}', { anonymousId: 'x' }))).timestamp);
    vi.setSystemTime(Date.UTC(2026, 0, 1) + 1);
    const next = JSON.parse(text(buildEvent(PAGE, '{}', { anonymousId: 'x' }))).timestamp;
    vi.useRealTimers();
    expect(first).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    expect(next).toBe('2026-01-01T00:00:00.001Z');
  });
});
