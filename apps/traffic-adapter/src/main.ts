import 'reflect-metadata';
import { loadEnv } from '@app/platform';
import { startTrafficAdapter } from './bootstrap';
import { TrafficAdapterEnv } from './config/traffic-adapter.env';

async function main(): Promise<void> {
  const env = loadEnv(TrafficAdapterEnv, process.env);
  await startTrafficAdapter(env);
  console.log(`traffic-adapter listening on http://localhost:${env.PORT} (docs at /docs)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
