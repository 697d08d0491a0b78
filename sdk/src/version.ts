// The SDK version sent as `context.library.version` (kept equal to sdk/package.json by a test).
export const VERSION = '0.1.0';
// The page ↔ worker message format (worker.ts): the page posts events as JSON text from 2 on. A
// worker answers the page's first message with its number (older ones with nothing) and takes the
// formats of every earlier one; a page posts objects to an older worker (a cached or older file).
export const WORKER_PROTOCOL = 2;
