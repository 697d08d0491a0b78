// Binds the Hono app to a TCP port with @hono/node-server, and closes gracefully: stop accepting,
// let in-flight requests (batches being committed) finish, then drop idle keep-alive connections.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.js';
import type { AppContext } from './context.js';

export interface RunningServer {
  /** `http://HOST:PORT` with the port actually bound (useful with port 0). */
  url: string;
  host: string;
  port: number;
  /** Stops accepting, waits for in-flight requests (at most `graceMs`), then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

/** A connection still sending its request headers after this long is closed (SPEC §16). */
export const HEADERS_TIMEOUT_MS = 60_000;

export interface ServerOptions {
  host: string;
  port: number;
  /** Closes a connection whose request headers are not complete after this many ms (default 60 s). */
  headersTimeoutMs?: number;
}

/**
 * Starts the collector's HTTP server; resolves once it is listening.
 * @example const server = await startServer(ctx, { host: '127.0.0.1', port: 0 }); console.log(server.url)
 */
export function startServer(ctx: AppContext, options: ServerOptions): Promise<RunningServer> {
  const app = createApp(ctx);
  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const server = createAdaptorServer({
    fetch: app.fetch,
    // Node checks the header timeout only this often (30 s by default): a slow-header client would
    // otherwise keep its socket up to 30 s past the timeout.
    serverOptions: { connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4))) },
  }) as Server;
  // Keep-alive sockets of load generators and SDKs stay open between batches.
  server.keepAliveTimeout = 65_000;
  // Counted from the first byte of a request (not while a kept-alive socket idles), so it may be
  // shorter than keepAliveTimeout: a client still sending headers after it is cut off (slowloris).
  server.headersTimeout = headersTimeout;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      let closing: Promise<void> | null = null;
      resolve({
        url: `http://${host}:${port}`,
        host: options.host,
        port,
        close: (graceMs = 10_000) => (closing ??= closeGracefully(server, graceMs)),
      });
    });
  });
}

/** Stops accepting, lets in-flight requests finish (at most `graceMs`), then closes every connection. */
export function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((done) => {
    // Connections become idle as their in-flight request completes; close them as soon as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      done();
    });
    server.closeIdleConnections();
  });
}
