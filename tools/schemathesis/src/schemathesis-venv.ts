import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Pinned: the CLI's flags and checks change between minor versions. */
export const SCHEMATHESIS_VERSION = '4.32.5';

export function schemathesisVenvDir(): string {
  const base = process.env.AICMO_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aicmo-cam');
  return join(base, `schemathesis-${SCHEMATHESIS_VERSION}`);
}

/**
 * The command that runs the Schemathesis CLI (`st`) from a Python venv in the cache (outside the repository, so a
 * fresh clone reuses it), created once with `pip install schemathesis==<pinned>`. The venv is built in a staging
 * folder and renamed into place, so an interrupted install never looks finished. See
 * docs/decisions/0011-api-contract.md.
 */
export function findOrInstallSchemathesis(say: (line: string) => void = () => {}): Promise<string[]> {
  // One install per process however many callers ask at once; other processes are kept apart by the staging name.
  installing ??= install(say).finally(() => (installing = undefined));
  return installing;
}

let installing: Promise<string[]> | undefined;

async function install(say: (line: string) => void): Promise<string[]> {
  const dir = schemathesisVenvDir();
  // `python -m` rather than bin/st: a venv's scripts hard-code the folder they were installed in (the staging one).
  const command = [join(dir, 'bin', 'python'), '-m', 'schemathesis.cli'];
  const ready = join(dir, '.installed');
  if (existsSync(ready)) return command;

  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) throw new Error('Schemathesis needs Python 3 (python3 on PATH) to install into its venv');
  const staging = `${dir}.staging-${process.pid}-${randomUUID().slice(0, 8)}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${dir} (first run only)…`);
  try {
    await run(python, ['-m', 'venv', staging]);
    await run(join(staging, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]);
    await writeFile(join(staging, '.installed'), `schemathesis==${SCHEMATHESIS_VERSION}\n`);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  await rename(staging, dir).catch(async (err) => {
    // Another process finished first: keep its venv.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(ready)) throw err;
  });
  say(`schemathesis ready in ${dir}`);
  return command;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed with exit code ${code}:\n${out.slice(-2000)}`))));
  });
}
