import { loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence/data-source';
import { rebuildProjections } from '@app/persistence/projection-rebuild';
import { locateStack } from '@app/stack';

/**
 * `npm run projections:rebuild`: empties the read models of DATABASE_URL and folds them again
 * from case_events alone (one transaction; see rebuildProjections). The database is DATABASE_URL
 * when set, else the embedded PostgreSQL of `npm start`: the running one, or the one in DATA_DIR
 * started for this command when the stack is down.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const stack = await locateStack(config, {
    temporal: false,
    startPostgres: 'existing',
    log: (line) => console.log(line),
  });
  stack.description.forEach((line) => console.log(line));
  const dataSource = createDataSource(stack.databaseUrl, 2);
  try {
    await dataSource.initialize();
    const done = await rebuildProjections(dataSource, {
      onProgress: (p) =>
        console.log(
          `  ${p.cases.toLocaleString('en')} cases, ${p.events.toLocaleString('en')} events, ${(p.elapsedMs / 1000).toFixed(1)} s`,
        ),
    });
    console.log(`rebuilt ${done.cases} cases from ${done.events} events in ${(done.elapsedMs / 1000).toFixed(1)} s`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
