import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * The secret one-click unsubscribe links are signed with (nurture) and checked with (API). Unlike the internal
 * token it must outlive a restart, since links in sent mail keep working: made on the first start and kept in
 * <dataDir>/unsubscribe-secret (mode 0600).
 */
export async function ensureUnsubscribeSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'unsubscribe-secret');
  if (existsSync(file)) {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= 32) return kept;
  }
  const secret = randomBytes(32).toString('hex');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}
