// Preloaded (`node --import`) into the `uptake-collector import` process the scale benchmark runs:
// at exit, writes the process's CPU time (every thread) and peak resident memory to UPTAKE_BENCH_USAGE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const path = process.env.UPTAKE_BENCH_USAGE;
  if (path) writeFileSync(path, JSON.stringify({ cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS }));
});
