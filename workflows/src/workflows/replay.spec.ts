import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The bundler compiles the TypeScript sources itself, so this guards the code as written, not a stale build.
// Replay failures are asserted below; the SDK's own info lines would only clutter the test output.
Runtime.install({ logger: new DefaultLogger('WARN') });

const workflowsPath = fileURLToPath(new URL('./index.ts', import.meta.url));
const historiesDir = new URL('../../test/histories/', import.meta.url);

function histories(sub: string) {
  const dir = new URL(sub, historiesDir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(readFileSync(new URL(file, dir), 'utf8'))) }));
}

async function replayAll(sub: string) {
  const results: Array<{ workflowId: string; error?: Error }> = [];
  for await (const r of Worker.runReplayHistories({ workflowsPath }, histories(sub))) results.push({ workflowId: r.workflowId, error: r.error });
  return results;
}

describe('workflow replay over committed histories', () => {
  // Bundling the workflow code with webpack takes a few seconds per replay run.
  it('replays every recorded pipeline and hot-lead SLA history without non-determinism', async () => {
    const results = await replayAll('');
    expect(results.map((r) => r.workflowId)).toEqual([
      'daily-pipeline-all-stages',
      'daily-pipeline-completed',
      'daily-pipeline-degraded',
      'daily-pipeline-drop-folder-sweep',
      // Scheduled runs on the time-skipping test server (workflows/test/): stage timers, and a late catch-up.
      'daily-pipeline-late-catch-up',
      'daily-pipeline-scheduled-stage-times',
      'daily-pipeline-skipped-stage',
      // Runs recorded before score, qualify and route existed: runs in flight at an upgrade must finish.
      'harvest-only-daily-pipeline-completed',
      'harvest-only-daily-pipeline-degraded',
      'harvest-only-daily-pipeline-drop-folder-sweep',
      'hot-lead-sla-expired',
      // The new owner's run touched in time, and the untouched lead reassigned (ends in continue-as-new).
      'hot-lead-sla-reassigned-then-touched',
      'hot-lead-sla-reassigned',
      'hot-lead-sla-touched',
    ]);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error?.message }).toEqual({ workflowId: r.workflowId, error: undefined });
  }, 60_000);

  it('rejects a tampered history with a determinism violation', async () => {
    const results = await replayAll('tampered/');
    expect(results).toHaveLength(1);
    expect(results[0].workflowId).toBe('daily-pipeline-renamed-activity');
    expect(results[0].error?.name).toBe('DeterminismViolationError');
    expect(results[0].error?.message).toContain("'harvestAllCampaigns' does not match activity type of activity command 'harvestCampaign'");
  }, 60_000);
});
