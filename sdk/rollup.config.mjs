// Builds the SDK: dist/uptake.js (IIFE for the script tag, entry auto.ts) and dist/uptake.esm.js
// (ES module for bundlers, entry index.ts). esbuild strips the types; terser minifies the whole
// chunk (≈ 7 % smaller gzip than esbuild's minifier here). The size budget is checked in tests.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';

const plugins = () => [
  nodeResolve({ browser: true }),
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.build.json' }),
  terser({
    ecma: 2020,
    // pure_getters: reading a property has no side effect here (no getters with effects are read
    // for them): lets unused reads go, ≈ 6 B gzip. booleans_as_integers: `!0`/`!1` become 1/0 and
    // comparisons with booleans loose, ≈ 13 B gzip; every boolean the SDK makes is only tested for
    // truth or handed to a DOM API that converts it; the public showSurvey() ends with .then(Boolean)
    // (a literal `false` there would reach the page as 0).
    compress: { passes: 3, pure_getters: true, booleans_as_integers: true },
    // Shortens the SDK's internal method names (never seen by pages): about 70 bytes gzip (show, del:
    // the survey scheduler's and the queue store's, 8 of them).
    // builtins: true lets names that are also DOM property names (hide, head, refresh…) be mangled: none is used on a DOM object here.
    mangle: { properties: { builtins: true, regex: '^(unsent|added|onEvent|refresh|persist|hide|retryAfter|online|head|remove|show|del)$' } },
    format: { comments: false },
  }),
];

export default [
  { input: 'src/auto.ts', output: { file: 'dist/uptake.js', format: 'iife', strict: false }, plugins: plugins() },
  // The delivery worker, loaded by uptake.js beside itself (worker-client.ts); not in the size budget.
  { input: 'src/worker.ts', output: { file: 'dist/uptake-worker.js', format: 'iife', strict: false }, plugins: plugins() },
  { input: 'src/index.ts', output: { file: 'dist/uptake.esm.js', format: 'es' }, plugins: plugins() },
  // `@uptake/sdk/snippet`: prints the snippet form of the script tag (for servers rendering pages).
  { input: 'src/snippet.ts', output: { file: 'dist/snippet.js', format: 'es' }, plugins: plugins() },
];
