// Per-thread scheduler figures: read from /proc for a real process, and the busiest-thread pick
// between two samples, with hand-computed shares.
import { describe, expect, it } from 'vitest';
import { busiestThreads, threadTimes } from './collector-process.js';

describe('thread times', () => {
  it('reads every thread of this process, the main one (tid = pid) included, with the time it ran', () => {
    const threads = threadTimes(process.pid);
    expect(threads).not.toBeNull();
    const main = threads!.find((t) => t.tid === process.pid);
    expect(main!.runNs).toBeGreaterThan(0);
    expect(threadTimes(2 ** 30)).toBeNull();
  });

  it('picks the main thread and the busiest other thread, as shares of the wall time between samples', () => {
    const before = [{ tid: 10, runNs: 1e9, waitNs: 0 }, { tid: 11, runNs: 0, waitNs: 0 }, { tid: 12, runNs: 5e9, waitNs: 1e9 }];
    const after = [{ tid: 10, runNs: 3e9, waitNs: 1e9 }, { tid: 11, runNs: 1e9, waitNs: 0 }, { tid: 12, runNs: 13e9, waitNs: 2e9 }, { tid: 13, runNs: 9e9, waitNs: 0 }];
    // Over 10 s: main ran 2 s and waited 1 s; thread 12 ran 8 s, waited 1 s; 13 started in between (no "before": left out).
    expect(busiestThreads(10, before, after, 10)).toEqual({
      main: { tid: 10, running: 0.2, waiting: 0.1 },
      busiest: { tid: 12, running: 0.8, waiting: 0.1 },
    });
    expect(busiestThreads(10, before.slice(0, 1), after.slice(0, 1), 10)).toBeNull();
  });
});
