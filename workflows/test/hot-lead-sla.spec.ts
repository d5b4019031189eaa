import { hotLeadSlaWorkflow, leadTouchedSignal, type HotLeadSlaInput, type HotLeadSlaOutcome } from '#libs/contracts';
import { startWorkflow } from '#libs/temporal';
import { eventTypes, maybeRecordHistory, TaskQueue, useTimeSkippingTemporal, withWorkers } from '../../test/workflow-env/time-skipping.js';

// A hot lead's SLA against a clock that skips ahead: an hour-long SLA, its expiry and the reassigned owner's new
// SLA take seconds. The routing activity is a test function that reassigns the lead once, then escalates.

const MINUTE = 60_000;

const temporal = useTimeSkippingTemporal();

/** Routing's SLA rules for the test: the first owner's lead goes to Dmitri, after that it escalates to the manager. */
function routingActivities() {
  const expired: HotLeadSlaInput[] = [];
  const hotLeadSlaExpired = async (input: HotLeadSlaInput): Promise<HotLeadSlaOutcome> => {
    expired.push(input);
    return input.ownerId === 'carmen'
      ? { action: 'reassign', to: 'dmitri', reason: 'carmen did not touch the lead within 60 minutes' }
      : { action: 'escalate', to: 'manager-mia', reason: `${input.ownerId} did not touch the lead within 60 minutes` };
  };
  return { expired, activities: { [TaskQueue.routing]: { hotLeadSlaExpired } } };
}

async function startSla(workflowId: string) {
  const routedAt = await temporal.env.currentTimeMs();
  const input: HotLeadSlaInput = { campaignId: 'acme-q3', leadId: 'lead-vera', ownerId: 'carmen', routedAt: new Date(routedAt).toISOString(), slaMinutes: 60 };
  const handle = await startWorkflow(temporal.env.client, hotLeadSlaWorkflow, { workflowId, args: [input] });
  return { handle, routedAt };
}

describe('a hot lead’s SLA', () => {
  it('reassigns an untouched lead and gives the new owner a fresh SLA in a new run', async () => {
    const { expired, activities } = routingActivities();
    const { handle, routedAt } = await startSla('hot-lead-sla/acme-q3/lead-vera/reassigned');
    const outcome = await withWorkers(temporal.env, { workflowBundle: temporal.workflowBundle, activities }, () => handle.result());

    expect(outcome).toEqual({ action: 'escalate', to: 'manager-mia', reason: 'dmitri did not touch the lead within 60 minutes' });
    expect(expired.map((e) => e.ownerId)).toEqual(['carmen', 'dmitri']);
    // Dmitri's hour runs from the reassignment, not from the original routing.
    const reassignedAt = Date.parse(expired[1]!.routedAt);
    expect(reassignedAt - routedAt).toBeGreaterThanOrEqual(60 * MINUTE);
    expect(reassignedAt - routedAt).toBeLessThan(61 * MINUTE);
    const firstRun = await eventTypes(temporal.env, handle.workflowId, handle.firstExecutionRunId);
    expect(firstRun.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
    await maybeRecordHistory(temporal.env, handle.workflowId, handle.firstExecutionRunId, 'hot-lead-sla-reassigned');
  }, 60_000);

  it('stops the new owner’s SLA when the new owner touches the lead in time', async () => {
    const { expired, activities } = routingActivities();
    const { handle } = await startSla('hot-lead-sla/acme-q3/lead-vera/reassigned-then-touched');
    const outcome = await withWorkers(temporal.env, { workflowBundle: temporal.workflowBundle, activities }, async () => {
      // Past Carmen's hour, well inside Dmitri's: the signal goes to the run that now holds the SLA.
      await temporal.env.sleep(90 * MINUTE);
      await handle.signal(leadTouchedSignal, { at: new Date(await temporal.env.currentTimeMs()).toISOString(), by: 'dmitri' });
      return handle.result();
    });

    expect(expired.map((e) => e.ownerId)).toEqual(['carmen']);
    expect(outcome.action).toBe('none');
    expect(outcome.reason).toMatch(/within the 60-minute SLA/);
    const described = await handle.describe();
    expect(described.runId).not.toBe(handle.firstExecutionRunId);
    await maybeRecordHistory(temporal.env, handle.workflowId, described.runId, 'hot-lead-sla-reassigned-then-touched');
  }, 60_000);
});
