import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { buildOpenApiDocument, loadEnv, ManualClock, OpenApiInfo } from '@app/platform';
import type { OpenAPIObject } from '@nestjs/swagger';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { CourtGatewayModule } from '../apps/court-gateway/src/app.module';
import { CourtGatewayEnv } from '../apps/court-gateway/src/config/court-gateway.env';
import { COURT_GATEWAY_OPENAPI } from '../apps/court-gateway/src/openapi.info';
import { TrafficAdapterModule } from '../apps/traffic-adapter/src/app.module';
import { TrafficAdapterEnv } from '../apps/traffic-adapter/src/config/traffic-adapter.env';
import { TRAFFIC_ADAPTER_OPENAPI } from '../apps/traffic-adapter/src/openapi.info';
import { AppName, APPS, documentPath, metadataPath, pluginMetadataFor, ROOT } from '../openapi/generate';

/**
 * The CI drift check of the OpenAPI documents: the plugin metadata and the committed
 * `openapi/*.json` are what the code gives now. `npm run openapi` (UPDATE_OPENAPI=1) rewrites them.
 * No services: the apps are built in Nest's preview mode, which instantiates nothing.
 */
const UPDATE = process.env.UPDATE_OPENAPI === '1';
const GENERATE_CLIENT = `
import openapiTS, { astToString } from 'openapi-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
const [input, output] = process.argv.slice(1);
writeFileSync(output, astToString(await openapiTS(JSON.parse(readFileSync(input, 'utf8')))));
`;
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
  type Operation = { operationId: string; summary?: string; description?: string; parameters?: unknown[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }> };
  const operations = (document: OpenAPIObject) =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method)).map(([method, op]) => ({ path, method, op })),
    );

  it.each(APPS)('%s: every operation has a summary, a description, a typed answer, and the errors that can happen', (app) => {
    const document = JSON.parse(readFileSync(documentPath(app), 'utf8')) as OpenAPIObject;
    const problems: string[] = [];
    for (const { path, method, op } of operations(document)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.summary) problems.push(`${where}: no summary`);
      // The description is more than the generated "Who may call" note.
      if (!op.description || /^(Who may call|Public)/.test(op.description)) problems.push(`${where}: no description of its own`);
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      if (success.length === 0) problems.push(`${where}: no success response`);
      for (const [status, response] of success) {
        if (!response.description) problems.push(`${where} ${status}: no description`);
        if (status !== '204' && !Object.values(response.content ?? {}).some((c) => c.schema)) problems.push(`${where} ${status}: no schema`);
      }
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => !s.startsWith('2'))) {
        if (!response.description) problems.push(`${where} ${status}: no description`);
      }
    }
    // Fields that hold one of a fixed set of values say which.
    const ENUM_FIELDS = new Set(['state', 'priority', 'source', 'match', 'outcome', 'status', 'period', 'result', 'scope', 'kind', 'stage', 'rejectionReason', 'target']);
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      for (const [field, property] of Object.entries((schema as { properties?: Record<string, { type?: string; enum?: unknown; $ref?: string; allOf?: unknown }> }).properties ?? {})) {
        if (ENUM_FIELDS.has(field) && property.type === 'string' && !property.enum) problems.push(`${name}.${field}: a plain string where the values are fixed`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(APPS)('%s: a client generated with openapi-typescript gets typed bodies for every operation', async (app) => {
    const document = JSON.parse(readFileSync(documentPath(app), 'utf8')) as OpenAPIObject;
    const dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
    try {
      // openapi-typescript's dependencies are ES modules only: it runs as a client would run it, in node.
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
      execFileSync(process.execPath, ['--input-type=module', '-e', GENERATE_CLIENT, join(dir, 'openapi.json'), join(dir, 'client.ts')], { cwd: ROOT, stdio: 'pipe' });
      const lines = [
        "import type { paths } from './client';",
        'type One<T> = [keyof T] extends [never] ? (T extends string ? true : false) : true;',
        'type Typed<T> = unknown extends T ? false : (T extends unknown ? One<T> : never) extends true ? true : false;',
        'type Assert<T extends true> = T;',
      ];
      operations(document).forEach(({ path, method, op }, i) => {
        const at = `paths[${JSON.stringify(path)}][${JSON.stringify(method)}]`;
        for (const [status, response] of Object.entries(op.responses).filter(([s]) => s.startsWith('2') && s !== '204')) {
          for (const type of Object.keys(response.content ?? {})) lines.push(`type R${i}_${status}_${type.replace(/\W/g, '_')} = Assert<Typed<${at}['responses'][${status}]['content'][${JSON.stringify(type)}]>>;`);
        }
        for (const type of Object.keys(op.requestBody?.content ?? {})) lines.push(`type B${i}_${type.replace(/\W/g, '_')} = Assert<Typed<NonNullable<${at}['requestBody']>['content'][${JSON.stringify(type)}]>>;`);
      });
      writeFileSync(join(dir, 'check.ts'), lines.join('\n') + '\n');
      // types: [] — the client is checked on its own, as a client project would: without it the
      // program also took in every @types package of this repository (node, jest, express: 186
      // files instead of 65), which the client never refers to, at ~2 s of CPU per app.
      const program = ts.createProgram([join(dir, 'check.ts')], { strict: true, noEmit: true, skipLibCheck: true, noUnusedLocals: false, target: ts.ScriptTarget.ES2022, types: [] });
      const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${d.file.fileName.replace(dir, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : ''} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
      const checked = lines.length - 4;
      console.log(`openapi: ${app}: ${operations(document).length} operations, ${checked} bodies type-checked in a generated client`);
      expect(errors.map((e) => e.replace(/^\/check\.ts:(\d+)/, (_m, n) => lines[Number(n) - 1]))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
