// Worker-thread entry that can run TypeScript: registers tsx in the worker (it does not inherit the
// parent's `--import tsx`), then imports the module named in `workerData.entry`.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
