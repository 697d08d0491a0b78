import { defineConfig } from 'vitest/config';

// Unit and integration tests: `*.test.ts` beside the code, against real servers on loopback and
// real SQLite files in temp dirs. Browser journeys live in e2e/ and run under Playwright.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['sdk/src/**/*.test.ts', 'survey-widget/src/**/*.test.{ts,tsx}', 'collector/src/**/*.test.ts', 'collector/test/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
