import { copyFile, rename, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { HarvestError } from '../harvest-errors.js';

/**
 * The spool: where an accepted file waits for its import. A file leaves it when its job ends, completed or
 * failed, because it holds personal data that has no purpose once imported.
 */

export function safeFileName(name: string): string {
  const base = basename(name || 'upload.csv').replace(/[^\w.\- ]+/g, '_').slice(0, 200);
  if (!base || base === '.' || base === '..') throw new HarvestError('invalid_file_name', 'fileName is not a usable file name', [{ field: 'fileName', message: 'invalid' }]);
  return base;
}

export function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new HarvestError('payload_too_large', `the file is larger than the ${max}-byte import limit`));
      else done(null, chunk);
    },
  });
}

export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await unlink(from);
  }
}

/** Idempotent: a file already gone is fine (a retried clean-up). */
export async function removeSpooled(path: string | null): Promise<void> {
  if (!path) return;
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
