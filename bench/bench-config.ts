// The collector configuration the benchmarks run with: the repository's demo project (its feature
// catalog, surveys and keys), with rate limits lifted — the benchmark measures ingest and storage,
// and one loopback client sending thousands of requests a second is exactly what the limiter refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type ProjectConfig } from '@uptake/collector';
import { ROOT } from './collector-process.js';

const UNLIMITED = { requestsPerSecond: 1e9, burst: 1e9 };

/**
 * Raw config JSON for `uptake-collector serve`, allowing browser requests from `origins`.
 * @example startCollector(benchConfig(['http://127.0.0.1:5000']), dbPath)
 */
export function benchConfig(origins: string[] = []): { projects: Record<string, unknown>[] } {
  const repo = JSON.parse(readFileSync(join(ROOT, 'uptake.config.json'), 'utf8')) as { projects: Record<string, unknown>[] };
  const project = repo.projects[0];
  const allowed = [...((project.allowedOrigins as string[] | undefined) ?? []), ...origins];
  return { projects: [{ ...project, allowedOrigins: allowed, rateLimits: { perWriteKey: UNLIMITED, perIp: UNLIMITED } }] };
}

/** The same project, validated and with defaults, as the collector sees it (for the seed generator). */
export function benchProject(): ProjectConfig {
  return parseConfig(benchConfig()).projects[0];
}
