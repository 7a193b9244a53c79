/**
 * The OpenAPI documents of both apps, built the way the apps serve them at /docs/openapi.json,
 * and the @nestjs/swagger plugin metadata they are built from (apps/<app>/src/openapi.metadata.ts).
 * `npm run openapi` rewrites both; `test/openapi.e2e-spec.ts` fails when either differs from
 * what the code gives now (the CI drift check).
 */
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

// The package exports the plugin as '@nestjs/swagger/plugin'; its types live under dist/ (node10 resolution cannot map the two).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin') as typeof import('@nestjs/swagger/dist/plugin');

export type AppName = 'court-gateway' | 'traffic-adapter';
export const APPS: AppName[] = ['court-gateway', 'traffic-adapter'];
export const ROOT = join(__dirname, '..');

export const metadataPath = (app: AppName) => join(ROOT, 'apps', app, 'src', 'openapi.metadata.ts');
export const documentPath = (app: AppName) => join(ROOT, 'openapi', `${app}.json`);

/** The plugin's options: the same the Nest CLI plugin had in nest-cli.json. */
export const PLUGIN_OPTIONS = {
  introspectComments: true,
  // A handler's doc comment is its operation's description; @ApiOperation gives the summary.
  controllerKeyOfComment: 'description',
  classValidatorShim: true,
  dtoFileNameSuffix: ['.dto.ts', '.events.ts', '.entity.ts', '.body.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
};

/** What apps/<app>/src/openapi.metadata.ts must hold for the code as it is (the file's text). */
export function pluginMetadataFor(app: AppName): string {
  const tsconfig = join(ROOT, 'apps', app, 'tsconfig.app.json');
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (!config) throw new Error(`cannot read ${tsconfig}`);
  // The metadata's own file is not an input: it would describe itself.
  const program = ts.createProgram({ rootNames: config.fileNames.filter((f) => !f.endsWith('openapi.metadata.ts')), options: config.options });
  const outputDir = mkdtempSync(join(tmpdir(), 'openapi-metadata-'));
  try {
    new PluginMetadataGenerator().generate({
      visitors: [new ReadonlyVisitor({ ...PLUGIN_OPTIONS, pathToSource: join(ROOT, 'apps', app, 'src') })],
      outputDir,
      filename: 'openapi.metadata.ts',
      tsProgramRef: program,
      printDiagnostics: false,
    });
    return readFileSync(join(outputDir, 'openapi.metadata.ts'), 'utf8');
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}
