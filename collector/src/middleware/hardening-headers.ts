// Response hardening applied to every route (SPEC §16): `X-Content-Type-Options: nosniff` on every
// answer, and a refusal sent before the request body was read closes its connection, so a keep-alive
// socket never waits on a body nobody reads.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/**
 * Hono middleware; mount it first so it also sees error and not-found answers.
 * @example app.use(hardenResponses())
 */
export function hardenResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
    const incoming = env?.incoming;
    // A body not fully received (refused before reading, or cut off at the size cap) would otherwise hold
    // the socket: Node can no longer find where the next request starts once the body stream is
    // destroyed, and draining it would read whatever a client keeps sending. A complete one is harmless.
    if (incoming && env.outgoing && c.res.status >= 400 && !incoming.complete && !env.outgoing.headersSent) {
      env.outgoing.shouldKeepAlive = false;
    }
  };
}
