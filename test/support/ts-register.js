/**
 * Lets `node -r ./test/support/ts-register.js apps/<app>/src/main.ts` run the TypeScript sources
 * as they are, with Nest's decorator metadata (which tsx/esbuild do not emit) and the @app/*
 * paths: child-process tests need no prior `npm run build`. Transpile only, no type check
 * (the suite's type check is tsc's job).
 */
// First, before any decorated class is defined (as main.ts and jest's setupFiles do).
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const tsconfigPaths = require('tsconfig-paths');

const root = path.resolve(__dirname, '..', '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
const compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true, incremental: false, declaration: false };

tsconfigPaths.register({ baseUrl: root, paths: config.compilerOptions.paths });

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
