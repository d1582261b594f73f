import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@app/config';
import { createGateway } from './gateway.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) {
    throw new ConfigError(['the gateway needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both)']);
  }
  const app = await createGateway(config);
  // 127.0.0.1 unless HOST says otherwise: a development gateway is not reachable from the network.
  await app.listen(config.port, config.host);
  app.get(Logger).log(`gateway: listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`, 'Gateway');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
