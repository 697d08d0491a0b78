// Progress of long CLI work (import, migrate) on stderr: a bar with an ETA on a terminal (cli-progress),
// else one line every 10 s, so a log or CI output is not flooded.
import { SingleBar } from 'cli-progress';

export interface ProgressReporter {
  /** `done` of `total` units (bytes, rows); `detail` follows on the same line. */
  update(done: number, total: number | null, detail: string): void;
  stop(): void;
}

const number = (n: number): string => n.toLocaleString('en-US');

/** "1 min 05 s" style ETA (null when unknown). */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'unknown';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * The plain-text progress line: share done, ETA, then the caller's detail.
 * @example progressLine('import', 50, 200, 10, 'read 1,000') // 'import: 25 % (ETA 30 s), read 1,000'
 */
export function progressLine(label: string, done: number, total: number | null, elapsedSeconds: number, detail: string): string {
  if (total === null || total <= 0) return `${label}: ${detail}`;
  const share = Math.min(1, done / total);
  const eta = done > 0 ? (elapsedSeconds * (total - done)) / done : null;
  return `${label}: ${Math.floor(share * 100)} % (ETA ${formatEta(eta)}), ${detail}`;
}

/**
 * A bar on a TTY, else a line every `intervalMs` (and none at all for work shorter than that).
 * @example const p = progressReporter('import', process.stderr); p.update(10, 100, 'read 10'); p.stop();
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr, intervalMs = 10_000): ProgressReporter {
  const started = performance.now();
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${label} [{bar}] {percentage}% | ETA {eta_formatted} | {detail}`,
      hideCursor: true,
      etaBuffer: 50,
    });
    let begun = false;
    let barTotal = 0;
    return {
      update(done, total, detail) {
        if (!begun) {
          // Started at 0, so the first ETA is computed from a rate, not shown as "NF".
          barTotal = total ?? 0;
          bar.start(barTotal, 0, { detail });
          begun = true;
        }
        if (total !== null && total !== barTotal) bar.setTotal((barTotal = total));
        bar.update(done, { detail });
      },
      stop: () => begun && bar.stop(),
    };
  }
  let last = started;
  return {
    update(done, total, detail) {
      const now = performance.now();
      if (now - last < intervalMs) return;
      last = now;
      stream.write(`${progressLine(label, done, total, (now - started) / 1000, detail)}\n`);
    },
    stop() {},
  };
}

export { number as formatCount };
