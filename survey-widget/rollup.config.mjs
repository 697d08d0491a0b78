// Builds dist/uptake-surveys.js: one minified ES module (Preact included) exporting `mountSurvey`,
// loaded by the SDK with dynamic import() only when a survey is due.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

export default {
  input: 'src/mount.ts',
  output: { file: 'dist/uptake-surveys.js', format: 'es', sourcemap: false },
  plugins: [
    nodeResolve({ browser: true }),
    esbuild({ target: 'es2020', minify: true, jsx: 'automatic', jsxImportSource: 'preact', tsconfig: '../tsconfig.json' }),
  ],
};
