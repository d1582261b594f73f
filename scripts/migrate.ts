import { loadConfig } from '@app/config';
import { runMigrations } from '@app/persistence';

/** Applies pending migrations to DATABASE_URL (the production stack's `migrate` service). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  const applied = await runMigrations(config.databaseUrl);
  console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
