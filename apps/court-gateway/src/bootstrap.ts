import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Clock, configureHttpApp, createLogger, KafkaEventServerFactory, serverTimeoutsOf, SystemClock } from '@app/platform';
import { CourtGatewayModule } from './app.module';
import { CourtGatewayEnv } from './config/court-gateway.env';
import { COURT_GATEWAY_OPENAPI } from './openapi.info';
import { serveWebUi } from './web/web-ui';

/** Builds and starts court-gateway (HTTP and Kafka consumer); main.ts and tests share it. */
export async function startCourtGateway(env: CourtGatewayEnv, clock: Clock = new SystemClock()): Promise<INestApplication> {
  const app = await NestFactory.create(CourtGatewayModule.register(env, clock), {
    logger: createLogger(env.LOG_FORMAT, 'court-gateway', env.LOG_LEVEL),
    bodyParser: false,
  });
  await configureHttpApp(app, { ...COURT_GATEWAY_OPENAPI, trustProxy: env.TRUST_PROXY, csvBodyLimit: '1mb' /* rosters are imported as CSV */, serverTimeouts: serverTimeoutsOf(env) });
  serveWebUi(app as NestExpressApplication, env.WEB_DIR);
  app.connectMicroservice({ strategy: app.get(KafkaEventServerFactory).create() }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(env.PORT);
  return app;
}
