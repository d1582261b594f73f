import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { createGateway } from './gateway.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) {
    throw new ConfigError(['the gateway needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both)']);
  }
  const app = await createGateway(config);
  await app.listen(config.port, '0.0.0.0');
  console.log(`gateway: listening on http://127.0.0.1:${config.port}`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
