import { defineSearchAttributeKey, type SearchAttributeType } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fromSource } from '../../workflows/bundle-from-source.mjs';
import { allSearchAttributes, TaskQueue } from '#libs/contracts';
import { indexedValueTypes } from '#libs/temporal';
import { testServerExecutable } from './test-server.js';

export { TaskQueue };

/**
 * Set by a real server on every run a schedule starts. The test server has no schedules, so a test registers it
 * as an ordinary attribute and starts a "scheduled" run with it, exactly as the workflow will see it.
 */
export const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME' satisfies SearchAttributeType);

const workflowsPath = fileURLToPath(new URL('../../workflows/src/workflows/index.ts', import.meta.url));
const historiesDir = new URL('../../workflows/test/histories/', import.meta.url);

/**
 * A time-skipping Temporal for workflow tests: Temporal's Java test server, which jumps over timers whenever
 * every workflow is waiting on one, so a day of stage times or an SLA runs in seconds. One per spec file, and
 * tests in it run one after another (the clock is shared). See docs/decisions/0010-workflow-time-tests.md.
 */
export async function startTimeSkippingTemporal(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: await testServerExecutable() } } });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: {
      ...Object.fromEntries(allSearchAttributes.map((a) => [a.name, indexedValueTypes[a.type]])),
      [scheduledStartTime.name]: indexedValueTypes.Datetime,
    },
  });
  return env;
}

function installQuietRuntime() {
  try {
    // Test failures are asserted; the SDK's warnings about the test server's missing features (heartbeat
    // details, workers that host only workflows or only activities) would only clutter the output.
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    // Already installed by an earlier spec in this process.
  }
}

/** The project's workflows: the bundle the `workflow` project's global setup made, else bundled here. */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  const prebuilt = process.env.AICMO_WORKFLOW_BUNDLE;
  if (prebuilt) return { code: await readFile(prebuilt, 'utf8'), sourceMap: await readFile(`${prebuilt}.map`, 'utf8') };
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN'), webpackConfigHook: fromSource });
}

/** Activities a test hosts, by the task queue the workflow code sends them to. */
export type TestActivities = Partial<Record<(typeof TaskQueue)[keyof typeof TaskQueue], object>>;

/** What a workflow spec file shares: one time-skipping server and the workflow bundle. */
export interface TimeSkippingTemporal {
  env: TestWorkflowEnvironment;
  workflowBundle: WorkflowBundleWithSourceMap;
}

/** Starts the server and bundles the workflows before the file's tests, and tears the server down after them. */
export function useTimeSkippingTemporal(): TimeSkippingTemporal {
  const temporal = {} as TimeSkippingTemporal;
  beforeAll(async () => {
    [temporal.env, temporal.workflowBundle] = await Promise.all([startTimeSkippingTemporal(), bundleWorkflows()]);
  }, 120_000);
  afterAll(async () => {
    await temporal.env?.teardown();
  });
  return temporal;
}

/**
 * Run the workflow worker and one activity worker per task queue given, until `test` settles. Activities are
 * plain test functions: these tests are about workflow logic, the services have their own integration tests.
 */
export async function withWorkers<T>(
  env: TestWorkflowEnvironment,
  setup: { workflowBundle: WorkflowBundleWithSourceMap; activities: TestActivities },
  test: () => Promise<T>,
): Promise<T> {
  const connection = env.nativeConnection;
  // Activities given for the workflow queue are the workflow worker's own: local activities (the send calendar).
  const { [TaskQueue.workflows]: local, ...remote } = setup.activities;
  const workers = await Promise.all([
    Worker.create({ connection, taskQueue: TaskQueue.workflows, workflowBundle: setup.workflowBundle, ...(local ? { activities: local } : {}) }),
    ...Object.entries(remote).map(([taskQueue, activities]) => Worker.create({ connection, taskQueue, activities })),
  ]);
  const result = test();
  // Let a failing test's error win over the workers' shutdown.
  await Promise.allSettled(workers.map((w) => w.runUntil(result)));
  return result;
}

/** The events of one run, for assertions on what the workflow asked the server to do. */
export async function eventTypes(env: TestWorkflowEnvironment, workflowId: string, runId: string): Promise<string[]> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? []).map((e) => proto.temporal.api.enums.v1.EventType[e.eventType ?? 0]);
}

/**
 * With RECORD_HISTORIES=1, save a finished run's history into the replay corpus (workflows/test/histories/),
 * which the replay spec then guards against non-deterministic changes.
 */
export async function maybeRecordHistory(env: TestWorkflowEnvironment, workflowId: string, runId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  await writeFile(new URL(`${name}.json`, historiesDir), historyToJSON(history) + '\n');
}
