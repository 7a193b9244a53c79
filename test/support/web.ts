import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildWeb } from '../../scripts/build-web';

/**
 * The pages built for one test file, in a directory of its own, to serve as court-gateway's
 * WEB_DIR. Browser files run side by side in jest's workers; when each rebuilt the shared dist/web
 * (removed, then copied), one file's browser now and then loaded a page while another's build had
 * removed its modules, and the page never rendered (phone-push "waiting for login-username").
 */
export function buildWebForTest(): { dir: string; remove(): void } {
  const dir = buildWeb(fs.mkdtempSync(path.join(os.tmpdir(), 'seizure-alert-web-')));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
