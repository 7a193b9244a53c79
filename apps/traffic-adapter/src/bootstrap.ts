import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Clock, configureHttpApp, createLogger, KafkaEventServerFactory, SystemClock } from '@app/platform';
import { TrafficAdapterModule } from './app.module';
import { TrafficAdapterEnv } from './config/traffic-adapter.env';
import { TRAFFIC_ADAPTER_OPENAPI } from './openapi.info';

/** Builds and starts the traffic adapter (HTTP and Kafka consumer); main.ts and tests share it. */
export async function startTrafficAdapter(env: TrafficAdapterEnv, clock: Clock = new SystemClock()): Promise<INestApplication> {
  const app = await NestFactory.create(TrafficAdapterModule.register(env, clock), {
    logger: createLogger(env.LOG_FORMAT, 'traffic-adapter', env.LOG_LEVEL),
    bodyParser: false,
    // Signed interception outcomes are verified against the exact bytes received.
    rawBody: true,
  });
  await configureHttpApp(app, { ...TRAFFIC_ADAPTER_OPENAPI, trustProxy: env.TRUST_PROXY, bodyLimit: '5mb' });
  app.connectMicroservice({ strategy: app.get(KafkaEventServerFactory).create() }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(env.PORT);
  return app;
}
