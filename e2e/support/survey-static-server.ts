// A tiny static HTTP server on a free loopback port for the survey journeys: serves test pages
// (with the response headers a test chooses, e.g. a strict CSP) and files from the repository.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface StaticRoute {
  /** Page text, or a file path read on every request (so a rebuilt bundle is served fresh). */
  body?: string;
  file?: string;
  type: string;
  headers?: Record<string, string>;
}

export interface StaticServer {
  url: string;
  origin: string;
  /** Adds or replaces a route while running. */
  set(path: string, route: StaticRoute): void;
  close(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1 with a free port.
 * @example const site = await startStaticServer({ '/': { body: '<h1>hi</h1>', type: 'text/html' } })
 */
export async function startStaticServer(routes: Record<string, StaticRoute> = {}): Promise<StaticServer> {
  const table = new Map(Object.entries(routes));
  const server: Server = createServer((req, res) => {
    const route = table.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = route.file ? readFileSync(route.file) : route.body ?? '';
    res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store', ...route.headers }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    set: (path, route) => void table.set(path, route),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
