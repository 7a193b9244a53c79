import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { buildOpenApiDocument, loadEnv, ManualClock, OpenApiInfo } from '@app/platform';
import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync, writeFileSync } from 'node:fs';
import { CourtGatewayModule } from '../apps/court-gateway/src/app.module';
import { CourtGatewayEnv } from '../apps/court-gateway/src/config/court-gateway.env';
import { COURT_GATEWAY_OPENAPI } from '../apps/court-gateway/src/openapi.info';
import { TrafficAdapterModule } from '../apps/traffic-adapter/src/app.module';
import { TrafficAdapterEnv } from '../apps/traffic-adapter/src/config/traffic-adapter.env';
import { TRAFFIC_ADAPTER_OPENAPI } from '../apps/traffic-adapter/src/openapi.info';
import { AppName, APPS, documentPath, metadataPath, pluginMetadataFor } from '../openapi/generate';

/**
 * The CI drift check of the OpenAPI documents: the plugin metadata and the committed
 * `openapi/*.json` are what the code gives now. `npm run openapi` (UPDATE_OPENAPI=1) rewrites them.
 * No services: the apps are built in Nest's preview mode, which instantiates nothing.
 */
const UPDATE = process.env.UPDATE_OPENAPI === '1';
const WHY = 'run `npm run openapi` and commit the result';

async function documentOf(app: AppName): Promise<OpenAPIObject> {
  const common = { DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none', KAFKA_BROKERS: '127.0.0.1:1' };
  const clock = new ManualClock('2026-03-02T02:00:00.000Z');
  const [module, info]: [unknown, OpenApiInfo] =
    app === 'court-gateway'
      ? [CourtGatewayModule.register(loadEnv(CourtGatewayEnv, common), clock), COURT_GATEWAY_OPENAPI]
      : [TrafficAdapterModule.register(loadEnv(TrafficAdapterEnv, common), clock), TRAFFIC_ADAPTER_OPENAPI];
  const nest: INestApplication = await NestFactory.create(module as never, { preview: true, logger: false });
  try {
    return await buildOpenApiDocument(nest, info);
  } finally {
    await nest.close().catch(() => undefined);
  }
}

export const documentText = (document: OpenAPIObject) => `${JSON.stringify(document, null, 2)}\n`;

describe('OpenAPI documents: committed, and what the code serves', () => {
  it.each(APPS)('%s: the plugin metadata (types, doc comments, validation rules) is generated from the code as it is', (app) => {
    const fresh = pluginMetadataFor(app);
    if (UPDATE) writeFileSync(metadataPath(app), fresh);
    expect({ file: metadataPath(app), upToDate: readFileSync(metadataPath(app), 'utf8') === fresh }).toEqual({ file: metadataPath(app), upToDate: true });
  });

  it.each(APPS)(`%s: openapi/<app>.json is the document the app serves at /docs/openapi.json (${WHY})`, async (app) => {
    const fresh = documentText(await documentOf(app));
    if (UPDATE) writeFileSync(documentPath(app), fresh);
    const committed = readFileSync(documentPath(app), 'utf8');
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(`${documentPath(app)} differs from the code at line ${line + 1}:\n  committed: ${a[line]}\n  code:      ${b[line]}\n${WHY}`);
    }
  });
});
