/**
 * The Docker images' build, checked where there is no Docker engine (CI, this machine):
 *
 *   1. assembles the build context as `docker build` would send it: every file under the
 *      repository root that `.dockerignore` does not exclude (matched with @balena/dockerignore,
 *      the Docker CLI's own rules ported: patterns anchored at the root, `!` exceptions, `**`);
 *   2. runs the Dockerfile's `build` stage in a scratch directory: each COPY from that context
 *      (a source the context lacks fails here, as it would in `docker build`), each RUN with
 *      /bin/sh under the stage's WORKDIR and ENV;
 *   3. checks what the other stages take from it (COPY --from=build, COPY from the context) and
 *      starts each app image's CMD with an empty environment: it must load its whole module
 *      graph from the pruned production node_modules and stop at the configuration check.
 *
 *   npx tsx .ci/docker-build-check.ts        (KEEP=1 keeps the scratch directory)
 */
import ignore from '@balena/dockerignore';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DOCKERFILE = path.join(ROOT, 'docker', 'Dockerfile');

interface Instruction {
  line: number;
  keyword: string;
  args: string;
}

interface Stage {
  name: string;
  instructions: Instruction[];
}

const fail = (message: string): never => {
  console.error(`docker-build-check: ${message}`);
  process.exit(1);
};
const say = (message: string) => console.log(`docker-build-check: ${message}`);

/** Stages and their instructions; continuation lines joined, comments and parser directives skipped. */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i].replace(/^\s*#.*$/, '');
    const match = /^\s*(\w+)\s+([\s\S]*)$/.exec(line);
    if (!match) fail(`Dockerfile line ${start}: cannot read "${line.trim()}"`);
    const [, word, rest] = match!;
    const keyword = word.toUpperCase();
    if (keyword === 'FROM') {
      const as = /\s+AS\s+(\S+)\s*$/i.exec(rest);
      stages.push({ name: as ? as[1] : String(stages.length), instructions: [] });
    } else if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.trim().split('=');
      args[name] = value;
    } else if (stages.length) {
      stages.at(-1)!.instructions.push({ line: start, keyword, args: rest.trim() });
    }
  }
  return { args, stages };
}

/** The build context: every file and directory `.dockerignore` lets through, relative to ROOT. */
function contextFiles(): { files: string[]; excluded: number } {
  const dockerignore = path.join(ROOT, '.dockerignore');
  const rules = fs.existsSync(dockerignore) ? fs.readFileSync(dockerignore, 'utf8') : '';
  const ig = ignore().add(rules);
  // An exception inside a directory that is itself excluded works only in builders that walk
  // excluded directories looking for exceptions; others skip the directory and the file is lost.
  // Exclude the directory's contents (dir/*) instead, so every builder sends the file.
  for (const exception of rules.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('!'))) {
    const parts = exception.slice(1).replace(/^\/+/, '').split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (ig.ignores(dir)) fail(`.dockerignore excludes the directory ${dir}, so "${exception}" depends on the builder: exclude ${dir}/* instead`);
    }
  }
  const files: string[] = [];
  let excluded = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // Docker still walks an excluded directory when an exception (!) may bring a file back.
        walk(rel);
      } else if (ig.ignores(rel)) {
        excluded++;
      } else {
        files.push(rel);
      }
    }
  };
  walk('');
  return { files, excluded };
}

function copyInto(context: string, files: string[]): void {
  for (const rel of files) {
    const to = path.join(context, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(ROOT, rel), to);
  }
}

/** `COPY [--from=x] src... dest` (shell form), with `dest` relative to `workdir`. */
function copyArgs(instruction: Instruction, workdir: string): { from: string | null; sources: string[]; dest: string } {
  const parts = instruction.args.split(/\s+/);
  let from: string | null = null;
  while (parts[0]?.startsWith('--')) {
    const flag = parts.shift()!;
    if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
  }
  const dest = parts.pop()!;
  return { from, sources: parts, dest: path.posix.isAbsolute(dest) ? dest : path.posix.join(workdir, dest) + (dest.endsWith('/') ? '/' : '') };
}

/** Docker's COPY: a file into a directory (dest ending in /) or onto a name; a directory's contents into dest. */
function dockerCopy(from: string, toRootfs: string, dest: string, what: string): void {
  if (!fs.existsSync(from)) fail(`${what}: "${path.relative(ROOT, from) || from}" is not there${from.includes('context') ? ' (not in the build context: excluded by .dockerignore?)' : ''}`);
  const target = path.join(toRootfs, dest);
  if (fs.statSync(from).isDirectory()) fs.cpSync(from, target, { recursive: true });
  else {
    const file = dest.endsWith('/') ? path.join(target, path.basename(from)) : target;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(from, file);
  }
}

function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a, b) => vars[a ?? b] ?? whole);
}

function main(): void {
  const { args, stages } = parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'));
  const build = stages.find((s) => s.name === 'build') ?? fail('no stage named "build" in docker/Dockerfile');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-build-check-'));
  const context = path.join(scratch, 'context');
  const rootfs = path.join(scratch, 'rootfs');
  try {
    const { files, excluded } = contextFiles();
    copyInto(context, files);
    say(`build context: ${files.length} files (${excluded} excluded by .dockerignore)`);

    // --- the build stage, step by step ------------------------------------------------------
    let workdir = '/';
    const env: Record<string, string> = { ...args };
    for (const step of build.instructions) {
      const what = `Dockerfile line ${step.line} (${step.keyword} ${step.args.slice(0, 60)}${step.args.length > 60 ? '…' : ''})`;
      switch (step.keyword) {
        case 'WORKDIR':
          workdir = path.posix.resolve(workdir, expand(step.args, env));
          fs.mkdirSync(path.join(rootfs, workdir), { recursive: true });
          break;
        case 'ENV':
        case 'ARG':
          for (const pair of step.args.split(/\s+(?=\w+=)/)) {
            const [name, ...value] = pair.split('=');
            env[name] = expand(value.join('=').replace(/^"|"$/g, ''), env);
          }
          break;
        case 'COPY': {
          const { from, sources, dest } = copyArgs(step, workdir);
          if (from) fail(`${what}: the build stage copies from another stage, which this check does not do`);
          for (const source of sources) dockerCopy(path.join(context, source), rootfs, dest, what);
          break;
        }
        case 'RUN': {
          say(`RUN ${step.args.replace(/\s+/g, ' ').slice(0, 100)}…`);
          const run = spawnSync('/bin/sh', ['-c', step.args], {
            cwd: path.join(rootfs, workdir),
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
            stdio: 'inherit',
          });
          if (run.status !== 0) fail(`${what} failed (exit ${run.status ?? run.signal})`);
          break;
        }
        default:
          fail(`${what}: this check does not know ${step.keyword}; teach it before using it in the build stage`);
      }
    }
    say('build stage done');

    // --- what the other stages take ----------------------------------------------------------
    for (const stage of stages.filter((s) => s !== build)) {
      let stageWorkdir = '/';
      for (const step of stage.instructions) {
        if (step.keyword === 'WORKDIR') stageWorkdir = path.posix.resolve(stageWorkdir, step.args);
        if (step.keyword !== 'COPY') continue;
        const { from, sources } = copyArgs(step, stageWorkdir);
        const what = `stage ${stage.name}, Dockerfile line ${step.line} (COPY ${step.args})`;
        for (const source of sources) {
          const found = from === 'build' ? path.join(rootfs, source) : from === null ? path.join(context, source) : null;
          if (found && !fs.existsSync(found)) fail(`${what}: ${source} is not there${from === null ? ' (not in the build context)' : ' (the build stage did not make it)'}`);
        }
      }
    }

    // --- each app image starts: its module graph loads from production dependencies ---------
    for (const stage of stages) {
      const cmd = stage.instructions.filter((s) => s.keyword === 'CMD').at(-1);
      if (!cmd || !cmd.args.startsWith('[')) continue;
      const [program, ...argv] = JSON.parse(cmd.args) as string[];
      const started = spawnSync(program === 'node' ? process.execPath : program, argv, {
        cwd: path.join(rootfs, 'app'),
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const output = `${started.stdout}${started.stderr}`;
      if (!/invalid configuration/.test(output)) {
        fail(`image ${stage.name}: ${cmd.args} did not reach its configuration check (exit ${started.status ?? started.signal}):\n${output.slice(-2000)}`);
      }
      say(`image ${stage.name}: ${argv.join(' ')} loads and stops at the configuration check, as it should with no environment`);
    }
    say('the images build from the build context');
  } finally {
    if (process.env.KEEP) say(`kept ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
