// Entry of a worker thread that runs TypeScript: a worker does not inherit the parent's loader
// (tsx), so it registers tsx itself, then imports the module named in `workerData.entry`.
// Used by the SQLite store's writer and reader threads and the benchmark's dataset generator.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
