import { buildTemporalCli, findTemporalCli, goAvailable, TEMPORAL_CLI_MODULE, temporalCliVersion } from '@app/stack';

/**
 * `npm run setup`: makes sure a Temporal CLI is at hand (built once into a cache outside the
 * checkout) and says which one will be used.
 */
function main(): void {
  let cli = findTemporalCli();
  if (!cli && goAvailable()) {
    console.log(`[setup] building the Temporal CLI: go install ${TEMPORAL_CLI_MODULE} (a few minutes, once) …`);
    buildTemporalCli();
    cli = findTemporalCli();
  }
  if (cli) {
    console.log(`[setup] Temporal CLI: ${cli.path} (from ${cli.source}): ${temporalCliVersion(cli.path)}`);
  } else {
    console.log('[setup] no Temporal CLI and no Go: npm start will use the SDK\'s downloaded dev server (needs internet)');
  }
  console.log('[setup] done: `npm start` runs the stack, `npm test` runs the tests');
}

try {
  main();
} catch (error) {
  console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
