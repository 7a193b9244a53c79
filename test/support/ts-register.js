/**
 * Lets `node -r ./test/support/ts-register.js apps/<app>/src/main.ts` run the TypeScript sources
 * as they are, with Nest's decorator metadata (which tsx/esbuild do not emit) and the @app/*
 * paths: child-process tests need no prior `npm run build`. Transpile only, no type check
 * (the suite's type check is tsc's job).
 *
 * Transpiled output is kept in node_modules/.cache/ts-register, keyed by a hash of the source,
 * its path, the compiler options and the TypeScript version: an app loads some 200 files, and
 * transpiling them took seconds of CPU on every start and restart of every child app (the fault
 * tests start apps a dozen times), all of it repeating the same work.
 */
// First, before any decorated class is defined (as main.ts and jest's setupFiles do).
require('reflect-metadata');
const { createHash, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const tsconfigPaths = require('tsconfig-paths');

const root = path.resolve(__dirname, '..', '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
const compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true, incremental: false, declaration: false };

tsconfigPaths.register({ baseUrl: root, paths: config.compilerOptions.paths });

const cacheDir = process.env.TS_REGISTER_CACHE_DIR || path.join(root, 'node_modules', '.cache', 'ts-register');
const optionsKey = `${ts.version}\u0000${JSON.stringify(compilerOptions)}`;

function cached(source, filename) {
  const key = createHash('sha256').update(optionsKey).update('\u0000').update(filename).update('\u0000').update(source).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // not cached yet
  }
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  try {
    // Written under a name of our own and renamed: another app starting at the same moment never
    // reads half a file.
    fs.mkdirSync(cacheDir, { recursive: true });
    const scratch = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(scratch, outputText);
    fs.renameSync(scratch, file);
  } catch {
    // a read-only tree: transpile every time, as before
  }
  return outputText;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(cached(fs.readFileSync(filename, 'utf8'), filename), filename);
};
