import 'reflect-metadata';
import { loadEnv } from '@app/platform';
import { startCourtGateway } from './bootstrap';
import { CourtGatewayEnv } from './config/court-gateway.env';

async function main(): Promise<void> {
  const env = loadEnv(CourtGatewayEnv, process.env);
  await startCourtGateway(env);
  console.log(`court-gateway listening on http://localhost:${env.PORT} (docs at /docs)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
