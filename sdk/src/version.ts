// The SDK version sent as `context.library.version` (kept equal to sdk/package.json by a test).
export const VERSION = '0.1.0';
