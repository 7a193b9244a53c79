import { spawnSync } from 'child_process';
import * as fs from 'fs';

/** A Debian package something needs, known to be there by any one of the files it installs. */
export interface DebianNeed {
  files: string[];
  pkg: string;
  why: string;
}

/**
 * Installs with apt-get the packages whose files are all missing, when we are root (the machines
 * this runs on start with an apt cache that may be stale: one `apt-get update` and a second try
 * when the first install fails). Returns, one line each, what is still missing and how to
 * install it, for the caller to print before it gives up; empty when everything is there.
 */
export function ensureDebianPackages(needs: DebianNeed[], who: string): string[] {
  const missingOf = () => needs.filter((n) => !n.files.some((f) => fs.existsSync(f)));
  const missing = missingOf();
  if (missing.length === 0) return [];
  if (process.getuid?.() === 0) {
    console.log(`${who}: installing ${missing.map((m) => m.pkg).join(', ')} (apt-get)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const args = ['install', '-y', '--no-install-recommends', ...missing.map((m) => m.pkg)];
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
      spawnSync('apt-get', args, { stdio: 'inherit', env });
    }
  }
  return missingOf().map((n) => `${who}: ${n.files.join(' or ')} is missing: ${n.why}. On Debian: apt-get install -y ${n.pkg}`);
}
