// Real receivers on loopback for notification tests: an HTTP server that records each POST (and
// answers from a script: status, Retry-After, or never), and an SMTP server (smtp-server) that
// records each message it accepts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedPost {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
}

/** What the receiver answers to the n-th request: a status (and headers), or 'hang' (never answers). */
export type Answer = { status: number; headers?: Record<string, string> } | 'hang';

export interface HttpReceiver {
  url: string;
  posts: ReceivedPost[];
  /** Resolves once `n` posts have been received. */
  received(n: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

/**
 * Starts an HTTP receiver on 127.0.0.1; `answers[i]` answers the i-th request (then 200).
 * @example const r = await startHttpReceiver([{ status: 500 }]); … await r.received(2)
 */
export async function startHttpReceiver(answers: Answer[] = [], check?: (post: ReceivedPost) => number | undefined): Promise<HttpReceiver> {
  const posts: ReceivedPost[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // recorded as text
      }
      const post = { path: req.url ?? '/', headers: req.headers, body, json };
      const answer = answers[posts.length] ?? { status: check?.(post) ?? 200 };
      posts.push(post);
      for (const w of waiting.filter((w) => posts.length >= w.n)) w.resolve();
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.status < 300 ? 'ok' : 'error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    received: (n) => (posts.length >= n ? Promise.resolve(posts) : new Promise((resolve) => waiting.push({ n, resolve: () => resolve(posts) }))),
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  url: string;
  mails: ReceivedMail[];
  received(n: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 with login `user` / `pass` (no TLS), recording accepted messages. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: false,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'user' && auth.password === 'pass') return callback(null, { user: 'user' });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        for (const w of waiting.filter((w) => mails.length >= w.n)) w.resolve();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://user:pass@127.0.0.1:${port}`,
    mails,
    received: (n) => (mails.length >= n ? Promise.resolve(mails) : new Promise((resolve) => waiting.push({ n, resolve: () => resolve(mails) }))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
