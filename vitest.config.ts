import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(`./${path}`, import.meta.url));

// Unit and integration tests: `*.test.ts` beside the code, against real servers on loopback and
// real SQLite files in temp dirs. Browser journeys live in e2e/ and run under Playwright.
export default defineConfig({
  // Workspace packages resolve to their TypeScript sources, so tests need no build of them.
  resolve: {
    alias: [
      { find: /^@uptake\/protocol$/, replacement: source('protocol/src/index.ts') },
      { find: /^@uptake\/collector$/, replacement: source('collector/src/index.ts') },
      { find: /^@uptake\/collector\/internals$/, replacement: source('collector/src/internals.ts') },
    ],
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['protocol/src/**/*.test.ts', 'sdk/src/**/*.test.ts', 'survey-widget/src/**/*.test.{ts,tsx}', 'collector/src/**/*.test.ts', 'collector/test/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
