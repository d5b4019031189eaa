import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { findOrBuildTemporal } from '../../tools/launcher/src/temporal-cli.js';
import { testStack } from '../setup/test-stack.js';

const dir = fileURLToPath(new URL('../../workflows/test/histories/', import.meta.url));

/**
 * With RECORD_HISTORIES=1, save a finished workflow's history for the replay tests, exported by the Temporal CLI
 * in the same JSON the Web UI downloads. Recording is a deliberate act (a new or changed workflow); the
 * committed files are what guards later changes.
 */
export async function maybeRecordHistory(workflowId: string, name: string, runId?: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const temporal = await findOrBuildTemporal(() => undefined);
  const json = execFileSync(temporal, ['workflow', 'show', '--workflow-id', workflowId, ...(runId ? ['--run-id', runId] : []), '--address', testStack().temporalAddress, '--output', 'json'], { encoding: 'utf8' });
  await writeFile(`${dir}${name}.json`, json);
}
