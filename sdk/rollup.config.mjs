// Builds the SDK: dist/uptake.js (IIFE for the script tag, entry auto.ts) and dist/uptake.esm.js
// (ES module for bundlers, entry index.ts). Minified by esbuild; the size budget is checked in tests.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

const plugins = () => [
  nodeResolve({ browser: true }),
  esbuild({
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    tsconfig: 'tsconfig.build.json',
    // Shortens the SDK's internal method names (never seen by pages): about 70 bytes gzip.
    mangleProps: /^(persist|unsent|isOptedOut|dropReport|beforeFetch|added|onEvent|refresh|indexedDb)$/,
  }),
];

export default [
  { input: 'src/auto.ts', output: { file: 'dist/uptake.js', format: 'iife', strict: false }, plugins: plugins() },
  { input: 'src/index.ts', output: { file: 'dist/uptake.esm.js', format: 'es' }, plugins: plugins() },
];
