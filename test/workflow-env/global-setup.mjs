// Plain ESM: Jest loads global setup outside its module system.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSource } from '../../workflows/bundle-from-source.mjs';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message, meta) => console.error(message, meta ?? '') };

/**
 * Bundle the workflows once per Jest run for every workflow spec (webpack takes several seconds each time).
 * bundleWorkflows() in time-skipping.ts reads it from AICMO_WORKFLOW_BUNDLE, or bundles itself when run without it.
 */
export default async function globalSetup() {
  const bundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../../workflows/src/workflows/index.ts', import.meta.url)), logger: quiet, webpackConfigHook: fromSource });
  const dir = await mkdtemp(join(tmpdir(), 'aicmo-workflow-bundle-'));
  await writeFile(join(dir, 'workflow-bundle.js'), bundle.code);
  await writeFile(join(dir, 'workflow-bundle.js.map'), bundle.sourceMap);
  process.env.AICMO_WORKFLOW_BUNDLE = join(dir, 'workflow-bundle.js');
}
