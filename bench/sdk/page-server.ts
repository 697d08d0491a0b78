// Serves the benchmark page and the built uptake.js from one loopback origin, cross-origin isolated
// (COOP + COEP), which is what lets Chromium give performance.now() 5 µs instead of 100 µs resolution.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  origin: string;
  /** The collector the page's script tag sends to (started after the page server: its config names this origin). */
  collectorUrl: string;
  close(): Promise<void>;
}

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Starts the page server: `/` is a page without the SDK, `/with-sdk` the same page with the script tag, `/uptake.js` the bundle.
 * @example const pages = await startPageServer(sdkSource); pages.collectorUrl = collector.url; await page.goto(`${pages.origin}/with-sdk`)
 */
export function startPageServer(sdkSource: string): Promise<PageServer> {
  let collectorUrl = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/uptake.js') {
      res.writeHead(200, { ...ISOLATION, 'Content-Type': 'text/javascript; charset=utf-8' });
      return res.end(sdkSource);
    }
    const tag = req.url === '/with-sdk' ? `<script src="/uptake.js" data-write-key="wk_demo" data-host="${collectorUrl}"></script>` : '';
    res.writeHead(200, { ...ISOLATION, 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoices · Ledgerly</title>${tag}</head><body><main><h1>Invoices</h1></main></body></html>`);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        get collectorUrl() {
          return collectorUrl;
        },
        set collectorUrl(url: string) {
          collectorUrl = url;
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
