import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Clock, configureHttpApp, createLogger, KafkaEventServerFactory, MAX_BODY_KEYS, serverTimeoutsOf, SystemClock } from '@app/platform';
import { TrafficAdapterModule } from './app.module';
import { TrafficAdapterEnv } from './config/traffic-adapter.env';
import { installViidBodyReader, viidParserRefusal } from './gat1400/viid/viid-http';
import { Gat1400Settings } from './gat1400/gat1400.settings';
import { TRAFFIC_ADAPTER_OPENAPI } from './openapi.info';
import { BODY_KEYS_PER_READ } from './sightings/sighting.dto';

/** Builds and starts the traffic adapter (HTTP and Kafka consumer); main.ts and tests share it. */
export async function startTrafficAdapter(env: TrafficAdapterEnv, clock: Clock = new SystemClock()): Promise<INestApplication> {
  const app = await NestFactory.create(TrafficAdapterModule.register(env, clock), {
    logger: createLogger(env.LOG_FORMAT, 'traffic-adapter', env.LOG_LEVEL),
    bodyParser: false,
    // Signed interception outcomes are verified against the exact bytes received.
    rawBody: true,
  });
  // Before the JSON parser: GA/T 1400 bodies come in any content type and are answered in their own form.
  installViidBodyReader(app, env.GAT1400_MAX_BODY_BYTES, app.get(Gat1400Settings).offsetMinutes);
  // Headers Node's parser refuses (too large, a control character) are answered in GA/T 1400 form under /VIID too.
  const settings = app.get(Gat1400Settings);
  await configureHttpApp(app, {
    ...TRAFFIC_ADAPTER_OPENAPI,
    trustProxy: env.TRUST_PROXY,
    bodyLimit: '5mb',
    rawBody: true,
    // A full batch of reads, every field given, with room to spare (the default suits one object).
    maxBodyKeys: Math.max(MAX_BODY_KEYS, env.SIGHTINGS_MAX_BATCH * BODY_KEYS_PER_READ),
    parserRefusalForm: viidParserRefusal(settings.offsetMinutes, () => app.get(Clock).now()),
    serverTimeouts: serverTimeoutsOf(env),
  });
  app.connectMicroservice({ strategy: app.get(KafkaEventServerFactory).create() }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(env.PORT);
  return app;
}
