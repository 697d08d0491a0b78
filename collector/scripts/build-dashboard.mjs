// Builds the dashboard's browser assets into dist/dashboard: one minified script and one
// stylesheet (uPlot's CSS bundled in) with content-hashed names, a favicon, and index.html
// pointing at them. The collector serves this folder at /dashboard under a strict CSP.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const collectorDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = join(collectorDir, 'src', 'dashboard', 'client');
const outDir = join(collectorDir, 'dist', 'dashboard');
const assetsDir = join(outDir, 'assets');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(assetsDir, { recursive: true });

const result = await build({
  entryPoints: [
    { in: join(clientDir, 'main.ts'), out: 'dashboard' },
    { in: join(clientDir, 'styles.css'), out: 'dashboard' },
  ],
  outdir: assetsDir,
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
const script = outputs.find((name) => name.endsWith('.js'));
const stylesheet = outputs.find((name) => name.endsWith('.css'));
if (!script || !stylesheet) throw new Error(`dashboard build produced ${outputs.join(', ')}`);
copyFileSync(join(clientDir, 'favicon.svg'), join(assetsDir, 'favicon.svg'));

// No inline script or style anywhere: the CSP (script-src 'self'; style-src 'self') would refuse it.
writeFileSync(
  join(outDir, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Uptake dashboard</title>
<link rel="icon" href="/dashboard/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/dashboard/assets/${stylesheet}">
<script defer src="/dashboard/assets/${script}"></script>
</head>
<body>
<div id="app"><noscript>The Uptake dashboard needs JavaScript.</noscript></div>
</body>
</html>
`,
);

for (const name of [script, stylesheet]) {
  const bytes = readFileSync(join(assetsDir, name));
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`dashboard ${relative(collectorDir, join(assetsDir, name))}: ${kib(bytes.length)} (${kib(gzipSync(bytes).length)} gzip)`);
}
