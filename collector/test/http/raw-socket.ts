// Test support: a raw TCP client for HTTP/1.1 edge cases that fetch cannot express (a chunked body
// cut short, a second request on the same keep-alive socket, headers sent a byte at a time).
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Everything the server has sent so far. */
  received(): string;
  /** Resolves once the received text matches `pattern`, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves once the server closed (or reset) the connection. */
  closed: Promise<void>;
  write(data: string | Buffer): Promise<void>;
}

/**
 * Opens a TCP connection to an `http://host:port` URL.
 * @example const conn = await openRaw(server.url); await conn.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
 */
export function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const listeners = new Set<() => void>();
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      for (const l of listeners) l();
    });
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => {}); // a reset is a close for these tests
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => text,
        closed,
        write: (data) => new Promise((done, fail) => socket.write(data, (err) => (err ? fail(err) : done()))),
        waitFor: (pattern, timeoutMs = 5000) =>
          new Promise((done, fail) => {
            const check = () => {
              const m = pattern.exec(text);
              if (!m) return false;
              listeners.delete(check);
              clearTimeout(timer);
              done(m[0]);
              return true;
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              fail(new Error(`no ${pattern} within ${timeoutMs} ms; received:\n${text.slice(0, 2000)}`));
            }, timeoutMs);
            if (!check()) listeners.add(check);
            void closed.then(() => {
              if (listeners.has(check) && !check()) {
                listeners.delete(check);
                clearTimeout(timer);
                fail(new Error(`connection closed before ${pattern}; received:\n${text.slice(0, 2000)}`));
              }
            });
          }),
      }),
    );
    socket.once('error', reject);
  });
}

/** The number of complete HTTP status lines received. */
export const statusLines = (text: string): string[] => text.match(/HTTP\/1\.1 \d{3}[^\r]*/g) ?? [];
