// The SDK version sent as `context.library.version` (kept equal to sdk/package.json by a test).
export const VERSION = '0.1.0';
// The page ↔ worker message format (worker.ts): the page posts events as JSON text from 2 on, and
// from 3 on the ids and context shared by a burst's events once. A worker answers the page's first
// message with its number (older ones with nothing) and takes the formats of every earlier one; a
// page posts an older worker's format to it (a cached or older file).
export const WORKER_PROTOCOL = 3;
