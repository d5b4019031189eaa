export default async function globalTeardown() {
  const state = globalThis.__AICMO_SETUP__;
  if (!state) return;
  await state.stack.stop();
  await state.logs.close();
}
