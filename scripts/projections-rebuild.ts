import { loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence/data-source';
import { rebuildProjections } from '@app/persistence/projection-rebuild';

/**
 * `npm run projections:rebuild`: empties the read models of DATABASE_URL and folds them again
 * from case_events alone (one transaction; see rebuildProjections).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  const dataSource = createDataSource(config.databaseUrl, 2);
  await dataSource.initialize();
  try {
    const done = await rebuildProjections(dataSource, {
      onProgress: (p) => console.log(`  ${p.cases.toLocaleString('en')} cases, ${p.events.toLocaleString('en')} events, ${(p.elapsedMs / 1000).toFixed(1)} s`),
    });
    console.log(`rebuilt ${done.cases} cases from ${done.events} events in ${(done.elapsedMs / 1000).toFixed(1)} s`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
