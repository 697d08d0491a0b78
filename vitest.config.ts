import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit and integration tests: `*.test.ts` beside the code, against real servers on loopback and
// real SQLite files in temp dirs. Browser journeys live in e2e/ and run under Playwright.
export default defineConfig({
  // Workspace packages resolve to their TypeScript sources, so tests need no build of them.
  resolve: { alias: [{ find: /^@uptake\/protocol$/, replacement: fileURLToPath(new URL('./protocol/src/index.ts', import.meta.url)) }] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['sdk/src/**/*.test.ts', 'survey-widget/src/**/*.test.{ts,tsx}', 'collector/src/**/*.test.ts', 'collector/test/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
