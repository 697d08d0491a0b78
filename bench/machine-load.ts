// Samples the 1-minute load average while a part runs: on a shared 2-core machine every figure
// must be read next to how busy the machine was.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

export interface LoadSampler {
  /** Stops sampling; returns the mean and max 1-minute load average seen. */
  stop(): { mean: number; max: number };
}

/**
 * Starts sampling every second.
 * @example const load = sampleLoad(); await work(); const { mean } = load.stop();
 */
export function sampleLoad(): LoadSampler {
  const samples = [loadavg()[0]];
  const timer = setInterval(() => samples.push(loadavg()[0]), 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]);
      return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, max: Math.max(...samples) };
    },
  };
}

export const cpuCount = (): number => cpus().length;

/**
 * Lets the machine settle between parts: writes back dirty pages (the ingest part leaves gigabytes of
 * written and deleted databases behind) so the next part does not share the disk and a core with that
 * writeback, then a short pause.
 * @example await settle()
 */
export async function settle(pauseMs = 3000): Promise<void> {
  spawnSync('sync', { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}
