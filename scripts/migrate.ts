import { loadConfig } from '@app/config';
import { APP_ROLE, createDataSource, grantAppRoleWhereItExists, runMigrations } from '@app/persistence';
import { locateStack } from '@app/stack';

/**
 * `npm run migrate`: applies pending migrations to the stack's database: DATABASE_URL when set
 * (the production stack's `migrate` service), else the embedded PostgreSQL of `npm start`
 * (running, or started from DATA_DIR for this command, created there when absent).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const stack = await locateStack(config, {
    temporal: false,
    startPostgres: 'create',
    log: (line) => console.log(line),
  });
  try {
    stack.description.forEach((line) => console.log(line));
    const applied = await runMigrations(stack.databaseUrl);
    console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
    // The compose stack's engine role (created by its init script) gets its rights on the tables
    // the migrations made; the owner that runs them may grant them.
    const owner = createDataSource(stack.databaseUrl, 1);
    await owner.initialize();
    try {
      if (await grantAppRoleWhereItExists(owner))
        console.log(`granted ${APP_ROLE} its rights (no UPDATE or DELETE on the event store)`);
    } finally {
      await owner.destroy();
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
