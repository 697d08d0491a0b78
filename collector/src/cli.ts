// `uptake-collector <command>`: dispatches to one module per command; each parses its own flags.
import { UptakeError } from './errors.js';

const COMMANDS: Record<string, () => Promise<{ run(argv: string[]): Promise<number | void> }>> = {
  serve: () => import('./cli/serve.js'),
  seed: () => import('./cli/seed.js'),
  report: () => import('./cli/report.js'),
  token: () => import('./cli/token.js'),
  surveys: () => import('./cli/surveys.js'),
  import: () => import('./cli/import.js'),
  migrate: () => import('./cli/migrate.js'),
  digest: () => import('./cli/digest.js'),
};

const USAGE = `Usage: uptake-collector <command> [options]

Commands:
  serve   --config uptake.config.json --db ./data/uptake.db --port 8787 [--host 127.0.0.1]
  seed    --config ... --db ... [--accounts 40 --days 90 --seed 1]
  report  accounts|features|satisfaction|overview|retention --config ... --db ... [--from --to] [--format table|json|csv]
  token   create|list|revoke --config ... --db ... [--project demo --name "Alice (PM)" --scope reports:read --account acme]
  surveys explain|reach SURVEY_ID [--user ID] [--account ID] --config ... --db ...
  import  FILE|- --format segment|posthog|mixpanel|uptake [--project ID]
  migrate --from ./data/uptake.db --to postgres://…
  digest  --project demo [--send]   print (or send) the notifications digest

Environment: UPTAKE_CONFIG, UPTAKE_DB, PORT are equivalents of --config, --db, --port.
Run "uptake-collector <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const load = COMMANDS[command];
  if (!load) {
    console.error(`uptake-collector: unknown command "${command}" (expected serve, seed, report, token, surveys, import or migrate)`);
    return 2;
  }
  try {
    const mod = await load();
    return (await mod.run(rest)) ?? 0;
  } catch (err) {
    if (err instanceof UptakeError && (err.code === 'invalid_config' || err.code === 'invalid_flags')) {
      console.error(`uptake-collector ${command}: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 1;
  },
);
