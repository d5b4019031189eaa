import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A Python tool the tests use, pinned: `pip install <pip>==<version>` into its own venv. */
export interface PythonTool {
  /** The PyPI name, also the venv folder's name with the version: `<pip>-<version>`. */
  pip: string;
  version: string;
}

export function pythonVenvDir(tool: PythonTool): string {
  const base = process.env.AICMO_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aicmo-cam');
  return join(base, `${tool.pip}-${tool.version}`);
}

/**
 * The venv's python, created once in the cache (outside the repository, so a fresh clone reuses it). The venv is
 * built in a staging folder and renamed into place, so an interrupted install never looks finished. See
 * docs/decisions/0011-api-contract.md.
 */
export function findOrInstallPythonTool(tool: PythonTool, say: (line: string) => void = () => {}): Promise<string> {
  const key = `${tool.pip}==${tool.version}`;
  // One install per process however many callers ask at once; other processes are kept apart by the staging name.
  let pending = installing.get(key);
  if (!pending) {
    pending = install(tool, say).finally(() => installing.delete(key));
    installing.set(key, pending);
  }
  return pending;
}

const installing = new Map<string, Promise<string>>();

async function install(tool: PythonTool, say: (line: string) => void): Promise<string> {
  const dir = pythonVenvDir(tool);
  // Callers run `python -m …` rather than bin/ scripts: those hard-code the folder they were installed in (staging).
  const python = join(dir, 'bin', 'python');
  const ready = join(dir, '.installed');
  if (existsSync(ready)) return python;

  const system = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!system) throw new Error(`${tool.pip} needs Python 3 (python3 on PATH) to install into its venv`);
  const staging = `${dir}.staging-${process.pid}-${randomUUID().slice(0, 8)}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  say(`installing ${tool.pip} ${tool.version} into ${dir} (first run only)…`);
  try {
    await run(system, ['-m', 'venv', staging]);
    await run(join(staging, 'bin', 'python'), ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', `${tool.pip}==${tool.version}`]);
    await writeFile(join(staging, '.installed'), `${tool.pip}==${tool.version}\n`);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  await rename(staging, dir).catch(async (err) => {
    // Another process finished first: keep its venv.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(ready)) throw err;
  });
  say(`${tool.pip} ready in ${dir}`);
  return python;
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
