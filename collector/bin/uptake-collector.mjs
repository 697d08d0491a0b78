#!/usr/bin/env node
// Launcher for the `uptake-collector` CLI: runs the compiled collector (dist/cli.js). In a clone of
// the repository, `npm run build` makes it (npm links no `bin` whose target is missing at install
// time, hence this committed file); an installed package ships it built.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('uptake-collector: the collector is not built (collector/dist/cli.js is missing); run `npm run build` first');
  process.exit(2);
}
await import(cli.href);
