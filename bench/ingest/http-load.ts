// Drives `POST /v1/batch` with autocannon over keep-alive loopback connections. The collector runs in
// its own process, so the load generator never shares its event loop.
import autocannon from 'autocannon';

export interface LoadResult {
  /** Requests answered 2xx during the measured period. */
  ok: number;
  failed: number;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/**
 * Sends bodies from `nextBody` on `connections` connections for `seconds`.
 * @example await sendBatches('http://127.0.0.1:8787', batchBodies(pool, 50, 'r1'), { connections: 10, seconds: 10 })
 */
export async function sendBatches(url: string, nextBody: () => string, options: { connections: number; seconds: number }): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/v1/batch',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: nextBody() }),
      },
    ],
  });
  return {
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}
