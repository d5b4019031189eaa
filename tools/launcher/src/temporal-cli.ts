import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ComponentStartError } from './ports.js';

/** v1.5.1 is the newest CLI tag without a `replace` directive, so the only one `go install` can build. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

export function temporalCacheDir(): string {
  const base = process.env.AICMO_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aicmo-cam');
  return join(base, `temporal-${TEMPORAL_CLI_VERSION}`);
}

/**
 * The Temporal CLI: `temporal` on PATH, else the cached build, else built once with `go install` into the cache
 * (outside the repository, so a fresh clone reuses it). See docs/decisions/0002-temporal-binary.md.
 */
export async function findOrBuildTemporal(say: (line: string) => void): Promise<string> {
  const onPath = spawnSync('temporal', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0) return 'temporal';
  const dir = temporalCacheDir();
  const cached = join(dir, 'temporal');
  if (existsSync(cached)) return cached;

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new ComponentStartError('temporal', 'the Temporal CLI is not on PATH and Go is not installed to build it; install one of them, or set TEMPORAL_ADDRESS to an existing cluster');
  }
  say(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go.stdout.trim()} into ${dir} (first run only; this takes a few minutes)…`);
  const staging = join(dir, `.build-${process.pid}`);
  await mkdir(staging, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', '-v', MODULE], { env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let built = 0;
    const progress = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        built++;
        if (built % 100 === 0 || line.startsWith('go: downloading github.com/temporalio')) say(`  … ${built} packages (${line.trim().slice(0, 80)})`);
      }
    };
    child.stdout.on('data', progress);
    child.stderr.on('data', progress);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new ComponentStartError('temporal', `go install ${MODULE} failed with exit code ${code}`))));
  });
  // Rename into place so a build interrupted half-way never looks like a finished binary.
  await rename(join(staging, 'temporal'), cached);
  say(`Temporal CLI ready: ${cached}`);
  return cached;
}
