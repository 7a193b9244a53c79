/**
 * Jest's module runtime (jest.config.js `runtime`), with three per-worker savings that change
 * nothing a test can see. Jest builds a new module registry for every test file, so an end-to-end
 * file loads both apps' ≈ 2,650 modules afresh, each time reading every file from disk and having
 * V8 compile it; and things the previous files left behind in the worker process slow the next.
 * Profiled in band over every e2e file (docs/testing.md, "Where the suite's time goes"): 13 s of
 * CPU reading files again, module compilation on every load, and 15 s in async_hooks propagating
 * the stores of AsyncLocalStorage instances of files long finished.
 *
 * - Files under node_modules are read once per worker process: they do not change during a run.
 *   Our own sources still go through jest's transform (and its cache) as before.
 * - Every module's compiled code is kept per worker process (V8's code cache, taken after the
 *   file's tests ran, so it holds the functions they used) and handed to V8 when the same source is
 *   loaded again: V8 skips parsing and compiling, and runs the same code. Each file still evaluates
 *   every module afresh in its own context; nothing is shared between files but compiled code.
 * - The AsyncLocalStorage instances created while a file ran (the apps' correlation and transaction
 *   contexts, jest-circus' own) are disabled when it ends. Node 20 keeps every instance ever
 *   enabled in one list and, for every promise and callback created anywhere in the process, copies
 *   the current store of each into the new resource: with the instances of all earlier files
 *   still listed, that cost grew with every file the worker had run.
 */
const asyncHooks = require('node:async_hooks');
const fs = require('node:fs');
const vm = require('node:vm');
const { default: JestRuntime } = require('jest-runtime');

const NODE_MODULES = `${require('node:path').sep}node_modules${require('node:path').sep}`;

/** node_modules file contents (text) of this worker process, by path. */
const packageFiles = new Map();
/** V8 code cache by script file name: the source it was made from and the data. */
const codeCache = new Map();

/** AsyncLocalStorage instances created since the current test file began (see above). */
const storages = new Set();
if (!asyncHooks.AsyncLocalStorage.jestTracked) {
  const Original = asyncHooks.AsyncLocalStorage;
  class TrackedAsyncLocalStorage extends Original {
    constructor(...args) {
      super(...args);
      storages.add(this);
    }
  }
  Object.defineProperty(TrackedAsyncLocalStorage, 'name', { value: Original.name });
  TrackedAsyncLocalStorage.jestTracked = true;
  asyncHooks.AsyncLocalStorage = TrackedAsyncLocalStorage;
}

class WorkerCachingRuntime extends JestRuntime {
  constructor(...args) {
    super(...args);
    /** Scripts compiled without a cache in this file: their code cache is taken at teardown. */
    this.uncachedScripts = [];
  }

  readFile(filename) {
    if (!filename.includes(NODE_MODULES)) return super.readFile(filename);
    let text = packageFiles.get(filename);
    if (text === undefined) {
      text = fs.readFileSync(filename, 'utf8');
      packageFiles.set(filename, text);
    }
    return text;
  }

  createScriptFromCode(scriptSource, filename) {
    const cached = codeCache.get(filename);
    const cachedData = cached && cached.source === scriptSource ? cached.data : undefined;
    let script;
    try {
      // As jest-runtime builds it, plus the code cache when there is one for exactly this source.
      const scriptFilename = this._resolver.isCoreModule(filename) ? `jest-nodejs-core-${filename}` : filename;
      script = new vm.Script(this.wrapCodeInModuleWrapper(scriptSource), {
        columnOffset: this._fileTransforms.get(filename)?.wrapperLength,
        displayErrors: true,
        filename: scriptFilename,
        cachedData,
        importModuleDynamically: async (specifier) => {
          if (typeof vm.SyntheticModule !== 'function') {
            throw new Error('You need to run with a version of node that supports ES Modules in the VM API. See https://jestjs.io/docs/ecmascript-modules');
          }
          const context = this._environment.getVmContext?.();
          if (!context) throw new Error('Test environment has been torn down');
          const module = await this.resolveModule(specifier, scriptFilename, context);
          return this.linkAndEvaluateModule(module);
        },
      });
    } catch {
      // A syntax error: jest's own path reports it as jest does.
      return super.createScriptFromCode(scriptSource, filename);
    }
    if (!cachedData || script.cachedDataRejected) this.uncachedScripts.push({ script, scriptSource, filename });
    return script;
  }

  teardown() {
    for (const { script, scriptSource, filename } of this.uncachedScripts) {
      try {
        codeCache.set(filename, { source: scriptSource, data: script.createCachedData() });
      } catch {
        // no cache for this one: it compiles again next time
      }
    }
    this.uncachedScripts = [];
    for (const storage of storages) storage.disable();
    storages.clear();
    super.teardown();
  }
}

module.exports = WorkerCachingRuntime;
