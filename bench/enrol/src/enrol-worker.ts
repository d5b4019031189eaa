import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { TaskQueue, type NurtureActivities, type NurtureCalendarActivities, type SendSlotRequest, type StepPlanInput } from '#libs/contracts';

// The bench's workflow worker, its own process so its RSS is its own: the real leadNurture workflow code, with
// activities that make every enrolment plan its first step and then wait on a timer a month out.

const MONTH = 30 * 86_400_000;
const root = fileURLToPath(new URL('../../../../', import.meta.url));

const activities: NurtureActivities = {
  admitEnrolments: async () => ({ items: [], next: null, counts: {} }),
  planStep: async ({ step }: StepPlanInput) => ({
    kind: 'send',
    step,
    totalSteps: 5,
    businessDaysAfterFirst: 0,
    calendar: { timeZone: 'UTC', timeZoneSource: 'campaign', country: null, region: null, window: {}, blackoutDates: [], jitterSeconds: 0 },
  }),
  sendStep: async () => ({ kind: 'refused', status: 'stopped', reason: 'bench: no sends' }),
  recordProgress: async () => undefined,
  applyOptOut: async () => undefined,
};
const calendar: NurtureCalendarActivities = {
  nextSendSlot: async (req: SendSlotRequest) => ({ at: new Date(Date.parse(req.notBefore) + MONTH).toISOString(), hold: 'bench: a month out' }),
};

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: `${root}bench/enrol/src/bench-workflows.ts`,
    logger: new DefaultLogger('WARN'),
    // As workflows/bundle-from-source.mjs: `#libs/<name>` resolves to the TypeScript sources.
    webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, conditionNames: ['aicmo-source', '...'] } }),
  });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const workers = await Promise.all([
    Worker.create({ connection, taskQueue: TaskQueue.workflows, workflowBundle, activities: calendar }),
    Worker.create({ connection, taskQueue: TaskQueue.nurture, activities }),
  ]);
  process.send?.({ ready: true });
  process.once('disconnect', () => workers.forEach((w) => w.getState() === 'RUNNING' && w.shutdown()));
  await Promise.all(workers.map((w) => w.run()));
  await connection.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
