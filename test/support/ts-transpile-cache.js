/**
 * TypeScript to CommonJS, transpile only, with Nest's decorator metadata (which tsx/esbuild do not
 * emit), for the apps the tests run as child processes (test/support/ts-register.js).
 *
 * Output is kept in node_modules/.cache/ts-register, keyed by a hash of the source, its path, the
 * compiler options and the TypeScript version: an app loads some 200 files, and transpiling them
 * took seconds of CPU on every start and restart of every child app (the fault tests start apps a
 * dozen times), all of it the same work. `npm test` fills the cache before jest starts
 * (scripts/prepare-test.ts), so that not even the first start in a fresh clone transpiles.
 */
const { createHash, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const cacheDir = process.env.TS_REGISTER_CACHE_DIR || path.join(root, 'node_modules', '.cache', 'ts-register');

const tsconfigText = fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
const tsVersion = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;
/** What the output depends on besides the source: the compiler's version and our options (tsconfig.json, and how we override it below). */
const optionsKey = `${tsVersion}\u0000${tsconfigText}\u0000commonjs inline-source-map`;

let ts = null;
let compilerOptions = null;

/** The TypeScript compiler (a large module) is loaded only when a file is not in the cache. */
function compiler() {
  if (!ts) {
    ts = require('typescript');
    const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
    compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true, incremental: false, declaration: false };
  }
  return ts;
}

/** The JavaScript for `source` (the text of `filename`), from the cache or transpiled and cached. */
function transpileCached(source, filename) {
  const key = createHash('sha256').update(optionsKey).update('\u0000').update(filename).update('\u0000').update(source).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // not cached yet
  }
  const { outputText } = compiler().transpileModule(source, { compilerOptions, fileName: filename });
  try {
    // Written under a name of our own and renamed: another app starting at the same moment never
    // reads half a file.
    fs.mkdirSync(cacheDir, { recursive: true });
    const scratch = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(scratch, outputText);
    fs.renameSync(scratch, file);
  } catch {
    // a read-only tree: transpile every time
  }
  return outputText;
}

/** Fills the cache with every source file of the apps and libraries (not their specs); returns how many. */
function warmAppSources() {
  let n = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
        transpileCached(fs.readFileSync(full, 'utf8'), full);
        n++;
      }
    }
  };
  for (const dir of ['apps', 'libs']) walk(path.join(root, dir));
  return n;
}

module.exports = { transpileCached, warmAppSources };
