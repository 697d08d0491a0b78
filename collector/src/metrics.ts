// The collector's Prometheus metrics: a tiny registry of counters and one histogram, rendered in
// the Prometheus text exposition format by GET /metrics, plus the middleware counting responses.
import type { MiddlewareHandler } from 'hono';

type Labels = Record<string, string>;

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels): string => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}

  inc(amount = 1, labels: Labels = {}): void {
    const key = labelText(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += amount;
    else this.values.set(key, { labels, value: amount });
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelText(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join('\n');
  }
}

export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(readonly name: string, readonly help: string, readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) this.counts[i] += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines.join('\n');
  }
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Creates the collector's metrics registry (one per app).
 * @example const m = createMetrics(); m.eventsAccepted.inc(50); m.render()
 */
export function createMetrics() {
  const metrics = {
    eventsAccepted: new Counter('uptake_events_accepted_total', 'Events newly stored, by project.'),
    eventsDuplicate: new Counter('uptake_events_duplicate_total', 'Events already stored (resends), not stored again, by project.'),
    eventsRejected: new Counter('uptake_events_rejected_total', 'Events rejected by validation, by project and reason.'),
    httpRequests: new Counter('uptake_http_requests_total', 'HTTP responses, by status code.'),
    ingestDuration: new Histogram('uptake_ingest_duration_seconds', 'Time to answer POST /v1/batch, in seconds.', [
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ]),
    /**
     * Prometheus text exposition format. Per-project figures (the event counters) only with
     * `perProject`, i.e. for a scraper that sent the configured metricsToken (SPEC §16).
     */
    render(perProject = true): string {
      const serverWide = [metrics.httpRequests, metrics.ingestDuration];
      const all = perProject ? [metrics.eventsAccepted, metrics.eventsDuplicate, metrics.eventsRejected, ...serverWide] : serverWide;
      return all.map((m) => m.render()).join('\n') + '\n';
    },
  };
  return metrics;
}

/**
 * Middleware counting every response by status in `uptake_http_requests_total`.
 * @example app.use(countResponses(ctx.metrics))
 */
export function countResponses(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    await next();
    metrics.httpRequests.inc(1, { status: String(c.res.status) });
  };
}
