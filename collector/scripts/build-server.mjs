// Compiles the collector's server side (src/, without tests and the browser dashboard client) to
// dist/ as JavaScript with declarations: what `uptake-collector`, the demo app and the installed
// package run (no TypeScript loader at run time). Run after build-dashboard.mjs, which empties
// dist/dashboard.
//
// Emit only (`noCheck`): type errors are `npm run typecheck`'s job (the first step of `npm test`),
// which saves a second full check here. Syntax and declaration errors fail the build, except
// TS4058, a declaration that cannot name a type inferred from better-sqlite3's internal namespace
// (prepared-statement bags in storage/sqlite): those internal modules ship without a .d.ts; the
// public entry points (index, internals) do not depend on them.
import ts from 'typescript';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const collectorDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const configPath = join(collectorDir, 'tsconfig.build.json');
const UNNAMEABLE_INFERRED_TYPE = 4058;

const read = ts.readConfigFile(configPath, ts.sys.readFile);
if (read.error) fail([read.error]);
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, collectorDir, undefined, configPath);
if (parsed.errors.length) fail(parsed.errors);

const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noCheck: true } });
const emitted = program.emit();
const diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getSyntacticDiagnostics(), ...emitted.diagnostics];
const fatal = diagnostics.filter((d) => d.code !== UNNAMEABLE_INFERRED_TYPE);
if (fatal.length) fail(fatal);

const outDir = parsed.options.outDir;
for (const entry of ['index', 'internals', 'cli']) {
  for (const ext of ['.js', '.d.ts']) {
    if (!existsSync(join(outDir, entry + ext))) fail([], `dist/${entry}${ext} was not written`);
  }
}
const skipped = new Set(diagnostics.map((d) => d.file && relative(collectorDir, d.file.fileName)).filter(Boolean));
console.log(`collector ${relative(collectorDir, outDir)}/: ${parsed.fileNames.length} modules compiled` + (skipped.size ? ` (no .d.ts for internal ${[...skipped].join(', ')})` : ''));

function fail(list, message) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => collectorDir, getNewLine: () => '\n' };
  if (list.length) console.error(ts.formatDiagnosticsWithColorAndContext(list, host));
  console.error(`collector build failed${message ? `: ${message}` : ''}`);
  process.exit(1);
}
