// HTTP edge cases of SPEC §16 over raw sockets: a request refused before its body is read never
// leaves its keep-alive connection hanging, a connection still sending headers is closed, every
// response says nosniff, /metrics keeps per-project figures behind metricsToken, a BOM is read.
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN, WRITE_KEY, startTestCollector, track, type TestCollector } from '../ingest/support.js';
import { openRaw, statusLines } from './raw-socket.js';

let c: TestCollector;
afterEach(async () => {
  await c?.close();
});

/** A chunked POST /v1/batch whose body is `bytes` long (valid JSON start, then padding), in 64 KiB chunks. */
function chunkedBatch(bytes: number, headers: string[] = []): Buffer {
  const head = `POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
  const body = Buffer.alloc(bytes, 0x20); // spaces: valid JSON whitespace
  const parts: Buffer[] = [Buffer.from(head)];
  for (let at = 0; at < bytes; at += 65536) {
    const chunk = body.subarray(at, Math.min(bytes, at + 65536));
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

const NEXT = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';

/** Sends `first` then a second request on the same socket; resolves with what happened to the second. */
async function followUp(url: string, first: Buffer): Promise<{ firstStatus: string; outcome: 'answered' | 'closed' }> {
  const conn = await openRaw(url);
  // The server may close while the body is still being sent: a write error is then expected.
  await conn.write(first).catch(() => {});
  const firstStatus = (await conn.waitFor(/HTTP\/1\.1 \d{3}/)).slice(9);
  await conn.write(NEXT).catch(() => {});
  const outcome = await Promise.race([
    conn.waitFor(/HTTP\/1\.1 \d{3}[\s\S]*HTTP\/1\.1 200/).then(() => 'answered' as const),
    conn.closed.then(() => 'closed' as const),
    new Promise<'hung'>((done) => setTimeout(() => done('hung'), 3000)),
  ]);
  conn.socket.destroy();
  if (outcome === 'hung') throw new Error(`the second request hung; received: ${statusLines(conn.received()).join(' | ')}`);
  return { firstStatus, outcome };
}

describe('a request refused before its body is read', () => {
  it('answers 413 to a chunked body over 1 MiB and never leaves the keep-alive connection hanging', async () => {
    c = await startTestCollector();
    for (const size of [1.5, 2, 5]) {
      const result = await followUp(c.url, chunkedBatch(size * 1024 * 1024, [`X-Uptake-Write-Key: ${WRITE_KEY}`]));
      expect(result.firstStatus).toBe('413');
    }
  });

  it('answers 401 (unknown write key) and 403 (origin) before reading, and the connection goes on or closes', async () => {
    c = await startTestCollector();
    const unauthorized = await followUp(c.url, chunkedBatch(300 * 1024, ['X-Uptake-Write-Key: wk_nobody']));
    expect(unauthorized.firstStatus).toBe('401');
    const forbidden = await followUp(c.url, chunkedBatch(300 * 1024, [`X-Uptake-Write-Key: ${WRITE_KEY}`, 'Origin: http://evil.example']));
    expect(forbidden.firstStatus).toBe('403');
  });
});

describe('a refusal after the whole body was read', () => {
  it('keeps the keep-alive connection for the next request', async () => {
    c = await startTestCollector();
    const body = 'not json';
    const request = Buffer.from(`POST /v1/batch HTTP/1.1\r\nHost: x\r\nX-Uptake-Write-Key: ${WRITE_KEY}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    expect(await followUp(c.url, request)).toEqual({ firstStatus: '400', outcome: 'answered' });
  });
});

describe('slow headers', () => {
  it('closes a connection still sending its headers after the header timeout', async () => {
    c = await startTestCollector({ headersTimeoutMs: 600 });
    const conn = await openRaw(c.url);
    const started = Date.now();
    const request = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(10_000);
    let i = 0;
    const drip = setInterval(() => {
      if (i < request.length) conn.socket.write(request[i++]);
    }, 50);
    await conn.closed;
    clearInterval(drip);
    const elapsed = Date.now() - started;
    // Closed after the 600 ms timeout, and well before the drip (10 000 bytes × 50 ms) would end.
    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect(elapsed).toBeLessThan(5000);
    expect(statusLines(conn.received()).filter((l) => l.includes('200'))).toEqual([]);
  });
});

describe('headers of every response', () => {
  it('sends X-Content-Type-Options: nosniff on ingest, reports, errors, metrics and the dashboard', async () => {
    c = await startTestCollector();
    const auth = { authorization: 'Bearer sk_test_secret' };
    const responses = [
      await c.post({ writeKey: WRITE_KEY, batch: [track()] }),
      await c.post('not json', { raw: true }),
      await fetch(`${c.url}/v1/reports/accounts`, { headers: auth }),
      await fetch(`${c.url}/v1/reports/accounts`),
      await fetch(`${c.url}/metrics`),
      await fetch(`${c.url}/healthz`),
      await fetch(`${c.url}/nowhere`),
      await fetch(`${c.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } }),
      await fetch(`${c.url}/dashboard`),
    ];
    expect(responses.map((r) => r.headers.get('x-content-type-options'))).toEqual(responses.map(() => 'nosniff'));
  });
});

describe('/metrics', () => {
  it('shows no per-project figures without metricsToken, and per-project event counts with it', async () => {
    c = await startTestCollector({ metricsToken: 'mt_scrape_secret_0123456789' });
    await c.post({ writeKey: WRITE_KEY, batch: [track(), track()] });
    await c.post({ writeKey: 'wk_other', batch: [track()] });

    const open = await (await fetch(`${c.url}/metrics`)).text();
    expect(open).toContain('uptake_http_requests_total{status="200"} 2\n');
    expect(open).not.toContain('uptake_events_accepted_total');
    expect(open).not.toContain('project=');

    expect((await fetch(`${c.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const scraped = await (await fetch(`${c.url}/metrics`, { headers: { authorization: 'Bearer mt_scrape_secret_0123456789' } })).text();
    // 2 events of project "test", 1 of "other".
    expect(scraped).toContain('uptake_events_accepted_total{project="test"} 2\n');
    expect(scraped).toContain('uptake_events_accepted_total{project="other"} 1\n');
  });

  it('shows no event counts at all when no metricsToken is configured', async () => {
    c = await startTestCollector();
    await c.post({ writeKey: WRITE_KEY, batch: [track()] });
    const text = await (await fetch(`${c.url}/metrics`, { headers: { authorization: 'Bearer sk_test_secret' } })).text();
    expect(text).not.toContain('uptake_events_accepted_total');
    expect(text).toContain('uptake_http_requests_total{status="200"} 1\n');
  });
});

describe('a body starting with a UTF-8 byte-order mark', () => {
  it('is read like the same body without it', async () => {
    c = await startTestCollector();
    const e = track();
    const res = await c.post('\uFEFF' + JSON.stringify({ writeKey: WRITE_KEY, batch: [e] }), { raw: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });
});
