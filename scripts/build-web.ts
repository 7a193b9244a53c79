/**
 * Builds the dispatch desk and report pages (apps/court-gateway/web) into dist/web, where
 * court-gateway serves them. There is no bundler: the pages are native ES modules, and the
 * only third-party code, Preact and htm, is copied from node_modules into dist/web/vendor and
 * mapped by each page's import map. Nothing is fetched from the internet at run time.
 *
 *   npx tsx scripts/build-web.ts        (part of `npm run build`; tests call buildWeb())
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
export const WEB_SOURCE = path.join(ROOT, 'apps', 'court-gateway', 'web');
export const WEB_OUT = path.join(ROOT, 'dist', 'web');

/** node_modules file → name under dist/web/vendor (the import maps in the HTML use these names). */
const VENDOR: Record<string, string> = {
  'preact/dist/preact.mjs': 'preact.mjs',
  'preact/hooks/dist/hooks.mjs': 'preact-hooks.mjs',
  'htm/dist/htm.module.js': 'htm.mjs',
};

export function buildWeb(out = WEB_OUT): string {
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(WEB_SOURCE, out, { recursive: true });
  fs.mkdirSync(path.join(out, 'vendor'), { recursive: true });
  for (const [from, to] of Object.entries(VENDOR)) fs.copyFileSync(path.join(ROOT, 'node_modules', from), path.join(out, 'vendor', to));
  return out;
}

if (require.main === module) {
  console.log(`build-web: ${path.relative(ROOT, buildWeb())}`);
}
