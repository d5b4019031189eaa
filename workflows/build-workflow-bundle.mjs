// The first step of `npm run build`: bundle the workflow code once, from the TypeScript sources (as the replay
// spec does), into dist/workflows/workflow-bundle.js; the worker loads that file at boot (workflows/src/main.ts)
// instead of running webpack in every process. Plain ESM, so it runs before tsc; a bundling error stops the build.
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSource } from './bundle-from-source.mjs';

const entry = fileURLToPath(new URL('./src/workflows/index.ts', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/workflows/workflow-bundle.js', import.meta.url));

try {
  const started = performance.now();
  const { code } = await bundleWorkflowCode({ workflowsPath: entry, logger: new DefaultLogger('WARN'), webpackConfigHook: fromSource });
  await mkdir(dirname(bundle), { recursive: true });
  await writeFile(bundle, code);
  console.log(`workflow bundle: ${bundle} (${Math.round(code.length / 1024)} KiB in ${Math.round(performance.now() - started)} ms)`);
} catch (err) {
  console.error(`workflow bundle failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
