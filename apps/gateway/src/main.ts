import 'reflect-metadata';
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
  // A plain line whatever LOG_LEVEL says: the launcher and the test stacks wait for it.
  console.log(
    `gateway: listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`,
  );
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
