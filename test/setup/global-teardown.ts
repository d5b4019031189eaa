import type { SetupState } from './global-setup.js';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__AICMO_SETUP__ as SetupState | undefined;
  if (!state) return;
  await state.stack.stop();
  await state.closeLogs();
}
