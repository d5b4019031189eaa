import { ActivityFailure, condition, makeContinueAsNewFunc, proxyActivities, proxyLocalActivities, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import {
  TaskQueue,
  nurtureBouncedSignal,
  nurtureClickedSignal,
  nurtureControlSignal,
  nurtureOpenedSignal,
  nurtureOutOfOfficeSignal,
  nurtureRepliedSignal,
  nurtureSpamReportedSignal,
  nurtureStatusQuery,
  nurtureUnsubscribedSignal,
  type LeadNurtureInput,
  type NurtureActivities,
  type NurtureCalendarActivities,
  type NurtureStatus,
  type SendSlot,
  type StepPlan,
} from '#libs/contracts';
import { NurtureState } from './nurture-state.js';
import { NurtureVisibility } from './nurture-visibility.js';

// The nurture service may be down for a while: bookkeeping retries until it is back rather than failing a
// sequence that is weeks long.
const nurture = proxyActivities<Omit<NurtureActivities, 'sendStep'>>({
  taskQueue: TaskQueue.nurture,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
// The send activity is exactly-once by its ledger claim, so a retry after a lost answer never sends twice.
const sender = proxyActivities<Pick<NurtureActivities, 'sendStep'>>({
  taskQueue: TaskQueue.nurture,
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
// A local activity: its answer is recorded in the history, so new holiday data never changes a running sequence.
const calendar = proxyLocalActivities<NurtureCalendarActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

/**
 * History events after which a run continues as new with its state carried. A five-step sequence takes about 150;
 * the bound is reached by long sequences, many holds, or a lead whose opens and clicks arrive by the thousand.
 */
export const NURTURE_HISTORY_LIMIT = 1_000;

const iso = (ms: number) => new Date(ms).toISOString();
/** A calendar that gives no slot is asked again after this long (the campaign's settings may have been fixed). */
const CALENDAR_RETRY_MS = 24 * 3_600_000;

/**
 * One lead's sequence in one campaign: plan the step, ask the calendar for the next allowed instant, sleep on a
 * durable timer, send exactly once, repeat. Signals (engagement, out of office, campaign pause/resume/stop) only
 * change state; the loop reads it right before every send, so a stop always wins over a pending send.
 */
export async function leadNurture(input: LeadNurtureInput): Promise<NurtureStatus> {
  const state = new NurtureState(input);
  const now = () => Date.now(); // Temporal's deterministic workflow clock inside the sandbox
  const visibility = new NurtureVisibility(input, (progress) => nurture.recordProgress(progress));

  setHandler(nurtureStatusQuery, () => state.snapshot());
  setHandler(nurtureOpenedSignal, (e) => state.opened(e));
  setHandler(nurtureClickedSignal, (e) => state.clicked(e));
  setHandler(nurtureRepliedSignal, (e) => state.replied(now(), e));
  setHandler(nurtureBouncedSignal, (e) => state.bounced(now(), e));
  setHandler(nurtureUnsubscribedSignal, (e) => state.unsubscribed(now(), e));
  setHandler(nurtureSpamReportedSignal, (e) => state.spamReported(now(), e));
  setHandler(nurtureOutOfOfficeSignal, (e) => state.outOfOffice(now(), e));
  setHandler(nurtureControlSignal, (c) => state.control(now(), c));

  // Started by the pipeline, the memo is already set; a run started any other way gets it here.
  if (!input.carried && !workflowInfo().memo?.displayName) upsertMemo({ ...input.memo });

  const historyTooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > NURTURE_HISTORY_LIMIT;
  /** Wakes a wait when something the loop must act on happens: a control signal, an end, a history bound. */
  const interrupted = (seen: number) => () => state.final !== null || state.controlVersion !== seen || historyTooLong();
  // `seen` is the control version the caller decided on, taken before it published: a signal that lands while the
  // progress activity runs must still wake the wait (else a resume right after a pause is never noticed).
  const waitUntil = (at: number | null, seen: number) => {
    const woke = interrupted(seen);
    if (at === null) return condition(woke);
    const ms = at - now();
    return ms > 0 ? condition(woke, ms) : Promise.resolve(woke());
  };

  /** Schedules and sends the planned step; returns when it is done, or early when a signal changed the plan. */
  const sendWhenAllowed = async (plan: Extract<StepPlan, { kind: 'send' }>) => {
    let notBefore = now();
    let deferredBy: string | null = null;
    for (;;) {
      // A pause or an end that landed during the last activity: back to the loop, which shows and waits on it.
      if (state.final || state.pauseHold(now())) return;
      let slot: SendSlot;
      try {
        slot = await calendar.nextSendSlot({
          calendar: plan.calendar,
          notBefore: iso(notBefore),
          businessDaysAfter: plan.step > 0 && state.firstSentAt ? { from: state.firstSentAt, days: plan.businessDaysAfterFirst } : undefined,
          jitterKey: `${input.enrolmentId}/${plan.step}`,
        });
      } catch (err) {
        // The campaign's calendar gives no slot (bad zone, no sending day): held until a person fixes the settings;
        // the step is planned afresh, with fresh settings, a day later or on the next control signal.
        state.status = 'held';
        state.holdReason = `send calendar: ${err instanceof ActivityFailure && err.cause ? err.cause.message : err instanceof Error ? err.message : String(err)}`;
        state.nextWakeAt = iso(now() + CALENDAR_RETRY_MS);
        state.decide(now(), `step ${plan.step + 1} held: ${state.holdReason}`);
        const seen = state.controlVersion;
        await visibility.publish(state, now());
        await waitUntil(now() + CALENDAR_RETRY_MS, seen);
        return;
      }
      state.status = 'waiting';
      state.nextWakeAt = slot.at;
      state.holdReason = deferredBy ?? slot.hold;
      state.decide(now(), `step ${plan.step + 1} of ${plan.totalSteps} at ${slot.at}${state.holdReason ? ` (${state.holdReason})` : ''}`);
      const seen = state.controlVersion;
      await visibility.publish(state, now());
      if (await waitUntil(Date.parse(slot.at), seen)) return;
      // Signals land before the timer in an activation: a stop or pause that came with it wins here.
      if (state.final || state.pauseHold(now())) return;

      state.status = 'sending';
      const outcome = await sender.sendStep({ enrolmentId: input.enrolmentId, step: plan.step, scheduledFor: slot.at, threadMessageId: state.threadMessageId });
      const seenAfterSend = state.controlVersion;
      const next = state.applySendOutcome(now(), plan.step, outcome);
      if (next === 'retry' && outcome.kind === 'deferred') {
        // Did not fit the mailbox: the calendar runs again from the mailbox's next free instant.
        notBefore = Math.max(now(), Date.parse(outcome.retryAt));
        deferredBy = outcome.reason;
        continue;
      }
      await visibility.publish(state, now());
      if (next === 'held' && outcome.kind === 'held') {
        // Until a person fixes it (template field, …) or the retry time; then the step is planned afresh.
        await waitUntil(Date.parse(outcome.retryAt), seenAfterSend);
      }
      return;
    }
  };

  while (!state.final) {
    if (historyTooLong()) {
      await visibility.publish(state, now());
      // The memo and search attributes go along, so the Web UI finds and explains the lead in the new run too.
      const { memo, typedSearchAttributes } = workflowInfo();
      return makeContinueAsNewFunc<typeof leadNurture>({ memo, typedSearchAttributes })({ ...input, carried: state.carried() });
    }
    const hold = state.pauseHold(now());
    if (hold) {
      state.status = 'paused';
      state.holdReason = hold.reason;
      state.nextWakeAt = hold.until;
      const seen = state.controlVersion;
      await visibility.publish(state, now());
      await waitUntil(hold.until === null ? null : Date.parse(hold.until), seen);
      continue;
    }
    const plan = await nurture.planStep({ enrolmentId: input.enrolmentId, step: state.nextStep, now: iso(now()), firstSentAt: state.firstSentAt });
    if (state.final) break;
    if ('totalSteps' in plan) state.totalSteps = plan.totalSteps;
    if (plan.kind === 'done') {
      state.complete(now());
      break;
    }
    if (plan.kind === 'stop') {
      state.stop(now(), { status: plan.status, reason: plan.reason });
      break;
    }
    state.nextStep = plan.step;
    await sendWhenAllowed(plan);
  }

  // Opt-outs suppress the address even when a reply or a stop ended the sequence first.
  for (let optOut = state.pendingOptOuts.shift(); optOut; optOut = state.pendingOptOuts.shift()) await nurture.applyOptOut(optOut);
  await visibility.publish(state, now());
  return state.snapshot();
}
