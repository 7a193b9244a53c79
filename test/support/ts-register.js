/**
 * Lets `node -r ./test/support/ts-register.js apps/<app>/src/main.ts` run the TypeScript sources
 * as they are, with Nest's decorator metadata (which tsx/esbuild do not emit) and the @app/*
 * paths: child-process tests need no prior `npm run build`. Transpile only, no type check
 * (the suite's type check is tsc's job); transpiled files are cached (ts-transpile-cache.js).
 */
// First, before any decorated class is defined (as main.ts and jest's setupFiles do).
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { transpileCached } = require('./ts-transpile-cache');

const root = path.resolve(__dirname, '..', '..');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths });

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpileCached(fs.readFileSync(filename, 'utf8'), filename), filename);
};
