// A scripted stand-in for POST /v1/batch on a real loopback port, for the SDK's unit tests of
// delivery and transport (the real collector is exercised by the e2e journeys).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BatchRequest } from '@uptake/protocol';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeCollector {
  url: string;
  /** Every request body received, parsed. */
  requests: BatchRequest[];
  /** Content types received, in order. */
  contentTypes: string[];
  /** Decides the answer for a request; default: 200 accepting everything. */
  reply: (request: BatchRequest) => Reply;
  /** Resolves once `count` requests arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

export const acceptAll = (request: BatchRequest): Reply => ({ status: 200, body: { accepted: request.batch.length, duplicates: 0, rejected: [] } });

/**
 * Starts the fake on 127.0.0.1 with a free port.
 * @example const fake = await startFakeCollector(); fake.reply = () => ({ status: 503, headers: { 'Retry-After': '1' } })
 */
export async function startFakeCollector(): Promise<FakeCollector> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const fake: FakeCollector = {
    url: '',
    requests: [],
    contentTypes: [],
    reply: acceptAll,
    waitFor: (count) => new Promise((resolve) => (fake.requests.length >= count ? resolve() : waiters.push({ count, resolve }))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const request = JSON.parse(text) as BatchRequest;
      fake.requests.push(request);
      fake.contentTypes.push(req.headers['content-type'] ?? '');
      const reply = fake.reply(request);
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? {}));
      for (const waiter of waiters.filter((w) => fake.requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
