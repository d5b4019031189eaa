import { rm } from 'node:fs/promises';
import { join } from 'node:path';

export default async function globalTeardown() {
  const state = globalThis.__AICMO_SETUP__;
  if (!state) return;
  await state.stack.stop();
  await state.logs.close();
  // Logs stay for a look after a failure; the database files do not pile up across runs.
  await rm(join(state.dataDir, 'postgres'), { recursive: true, force: true });
}
