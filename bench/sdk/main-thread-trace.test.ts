import { describe, expect, it } from 'vitest';
import { busyMicros, cpuByProcess, cpuMicros, longestTaskMicros, mainThreadTasks, type TraceEvent } from './main-thread-trace.js';

const PID = 7;
const MAIN = 1;
const meta = (pid: number, tid: number, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name } });
const task = (ts: number, dur: number, tid = MAIN, pid = PID, name = 'RunTask'): TraceEvent => ({ name, cat: 'disabled-by-default-devtools.timeline', ph: 'X', ts, dur, pid, tid });
const mark = (name: string, ts: number): TraceEvent => ({ name, cat: 'blink.user_timing', ph: 'R', ts, pid: PID, tid: MAIN });

const events: TraceEvent[] = [
  meta(PID, MAIN, 'CrRendererMain'),
  meta(PID, 2, 'Compositor'),
  meta(99, 1, 'CrRendererMain'), // another renderer (another page)
  mark('bench:0', 1000),
  task(1100, 50),
  mark('bench:1', 2000),
  task(2000, 400), // the burst
  task(2100, 100, MAIN, PID, 'ThreadControllerImpl::RunTask'), // the same task, named twice
  task(2500, 30, 2), // compositor thread: not the page's main thread
  task(2600, 70, 1, 99), // other renderer
  task(2900, 200), // crosses bench:2 at 3000
  mark('bench:2', 3000),
  task(3500, 900),
  mark('bench:3', 5000),
];

describe('mainThreadTasks', () => {
  const tasks = mainThreadTasks(events, 'bench:');

  it('counts only the marking renderer main thread, nested task names once', () => {
    // [1100,1150] [2000,2400] [2900,3100] [3500,4400]
    expect(tasks.busy).toEqual([[1100, 1150], [2000, 2400], [2900, 3100], [3500, 4400]]);
  });

  it('sums busy time inside a window, cutting tasks at its edges', () => {
    expect(busyMicros(tasks, 'bench:0', 'bench:1')).toBe(50);
    // 400 (burst) + 100 of the task crossing bench:2 (2900..3000)
    expect(busyMicros(tasks, 'bench:1', 'bench:2')).toBe(500);
  });

  it('gives the longest task overlapping a window, whole', () => {
    expect(longestTaskMicros(tasks, 'bench:1', 'bench:2')).toBe(400);
    // 900 (3500..4400) beats the 200 of the crossing task
    expect(longestTaskMicros(tasks, 'bench:2', 'bench:3')).toBe(900);
  });

  it('sums CPU time (the thread clock) inside a window, outermost tasks only, cut in proportion at its edges', () => {
    const cpuEvents = [
      meta(PID, MAIN, 'CrRendererMain'),
      mark('bench:a', 0),
      { ...task(100, 400), tdur: 100 }, // waited 300 µs for a core
      { ...task(150, 200, MAIN, PID, 'ThreadControllerImpl::RunTask'), tdur: 90 }, // nested: counted in its parent
      { ...task(900, 200), tdur: 200 }, // crosses bench:b at 1000: half of it
      mark('bench:b', 1000),
    ];
    // 100 + 200 × 100/200 = 200 (the wall-time sum would be 400 + 100 = 500)
    expect(cpuMicros(mainThreadTasks(cpuEvents, 'bench:'), 'bench:a', 'bench:b')).toBe(200);
    expect(busyMicros(mainThreadTasks(cpuEvents, 'bench:'), 'bench:a', 'bench:b')).toBe(500);
  });

  it('sums the CPU of every other thread in a window by where it ran (this page, other renderers, other processes)', () => {
    const proc = (pid: number, name: string): TraceEvent => ({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name } });
    const all = [
      ...events,
      proc(PID, 'Renderer'),
      proc(99, 'Renderer'),
      proc(1, 'Browser'),
      { ...task(2200, 300, 5, 1), tdur: 120 }, // browser process: 120 µs of CPU
      { ...task(2250, 100, 5, 1, 'ThreadControllerImpl::RunTask'), tdur: 80 }, // nested in it: not counted again
    ];
    const sums = cpuByProcess(all, 'bench:', 'bench:1', 'bench:2');
    // main thread: 400 (no tdur: wall) + 200 × 100/200 (the task crossing bench:2) = 500
    expect(sums.get('this page: main thread')).toBe(500);
    expect(sums.get('this page: other threads')).toBe(30); // the compositor task
    expect(sums.get('other renderers')).toBe(70);
    expect(sums.get('Browser')).toBe(120);
  });

  it('names what is missing', () => {
    expect(() => mainThreadTasks(events, 'other:')).toThrow('no performance.mark named other:');
    expect(() => busyMicros(tasks, 'bench:0', 'bench:9')).toThrow('mark bench:9 is missing');
  });
});
