// Entry of the writer thread: the collector runs its TypeScript through tsx, and a worker does not
// inherit the parent's loader, so it registers tsx itself before importing the writer.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
