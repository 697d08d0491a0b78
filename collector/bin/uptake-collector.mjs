#!/usr/bin/env node
// Launcher for the `uptake-collector` CLI: runs the TypeScript sources through tsx, so
// `npx uptake-collector` works right after `npm install` with nothing stale to rebuild.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli.ts', import.meta.url).href);
