import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  TaskQueue,
  hotLeadSlaStateQuery,
  leadTouchedSignal,
  type HotLeadSlaInput,
  type HotLeadSlaOutcome,
  type RoutingActivities,
} from '#libs/contracts';

const routing = proxyActivities<RoutingActivities>({
  taskQueue: TaskQueue.routing,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 20 },
});

/**
 * One hot lead's SLA: a durable timer from the moment it was routed. If the owner touches the lead in time the
 * timer stops; otherwise routing escalates or reassigns it, as the campaign's rules say. One workflow per hot
 * lead, so the Web UI shows every open SLA and when it falls due.
 */
export async function hotLeadSla(input: HotLeadSlaInput): Promise<HotLeadSlaOutcome> {
  const dueAt = Date.parse(input.routedAt) + input.slaMinutes * 60_000;
  let touchedAt: string | null = null;
  let outcome: HotLeadSlaOutcome | null = null;
  setHandler(leadTouchedSignal, ({ at }) => {
    touchedAt ??= at;
  });
  setHandler(hotLeadSlaStateQuery, () => ({ dueAt: new Date(dueAt).toISOString(), touchedAt, outcome }));

  const touchedInTime = await condition(() => touchedAt !== null, Math.max(1, dueAt - Date.now()));
  outcome = touchedInTime ? { action: 'none', reason: `touched at ${touchedAt}, within the ${input.slaMinutes}-minute SLA` } : await routing.hotLeadSlaExpired(input);
  // The new owner gets the same SLA from now; a fresh run keeps each owner's timer in its own short history.
  if (outcome.action === 'reassign' && outcome.to) {
    return continueAsNew<typeof hotLeadSla>({ ...input, ownerId: outcome.to, routedAt: new Date(Date.now()).toISOString() });
  }
  return outcome;
}
