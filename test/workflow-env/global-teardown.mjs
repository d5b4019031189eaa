import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export default async function globalTeardown() {
  const bundle = process.env.AICMO_WORKFLOW_BUNDLE;
  if (bundle) await rm(dirname(bundle), { recursive: true, force: true });
}
