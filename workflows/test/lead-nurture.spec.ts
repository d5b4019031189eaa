import {
  leadNurtureWorkflow,
  nurtureBouncedSignal,
  nurtureClickedSignal,
  nurtureControlSignal,
  nurtureOpenedSignal,
  nurtureOutOfOfficeSignal,
  nurtureRepliedSignal,
  nurtureSpamReportedSignal,
  nurtureStatusQuery,
  nurtureUnsubscribedSignal,
  nurtureWorkflowId,
  type LeadNurtureWorkflow,
  type NurtureStatus,
} from '#libs/contracts';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { startWorkflow } from '#libs/temporal';
import { eventTypes, maybeRecordHistory, TaskQueue, useTimeSkippingTemporal, withWorkers } from '../../test/workflow-env/time-skipping.js';
import { NURTURE_HISTORY_LIMIT } from '../src/workflows/lead-nurture/lead-nurture.workflow.js';
import { businessDaysBetween, DAY, enrolmentInput, fakeNurture, HOUR, insideWindow, messageIdOf, testCalendar, type FakeNurtureOptions } from './nurture-fakes.js';

// One lead's nurture sequence against a clock that skips ahead: weeks of cadence take seconds. The nurture
// service's activities and the send calendar are test functions (nurture-fakes.ts); the workflow is the real one.

const temporal = useTimeSkippingTemporal();

type Fake = ReturnType<typeof fakeNurture>;

/** Starts one enrolment and runs `test` with the workers up; returns what the fakes saw. */
async function enrol(
  leadId: string,
  options: FakeNurtureOptions & { holidays?: Record<string, string>; calendarFailures?: number },
  test: (ctx: Ctx) => Promise<void>,
): Promise<{ fake: Fake; runId: string; workflowId: string }> {
  const fake = fakeNurture(options);
  const calendar = testCalendar(options.holidays, options.calendarFailures);
  const input = enrolmentInput(leadId);
  const workflowId = nurtureWorkflowId(input.campaignId, leadId);
  const handle = await startWorkflow(temporal.env.client, leadNurtureWorkflow, { workflowId, args: [input] });
  const ctx = new Ctx(handle, fake);
  try {
    await withWorkers(temporal.env, { workflowBundle: temporal.workflowBundle, activities: { [TaskQueue.nurture]: fake.activities, [TaskQueue.workflows]: calendar.activities } }, () => test(ctx));
  } finally {
    // A run left open by a failed test would hold the shared clock (its timers fire with no worker to take them).
    await handle.terminate('test over').catch(() => undefined);
  }
  return { fake, runId: handle.firstExecutionRunId, workflowId };
}

type Handle = WorkflowHandleWithFirstExecutionRunId<LeadNurtureWorkflow>;

class Ctx {
  constructor(
    readonly handle: Handle,
    readonly fake: Fake,
  ) {}

  async now() {
    return new Date(await temporal.env.currentTimeMs()).toISOString();
  }

  /** Skip workflow time an hour at a time until `done` holds (at most `maxDays`). */
  async skipUntil(done: () => boolean, maxDays = 60) {
    for (let i = 0; i < maxDays * 24 && !done(); i++) await temporal.env.sleep(HOUR);
    expect(done()).toBe(true);
  }

  /** Waits in real time (the clock stays put) until the workflow answers the status query as `done` wants. */
  async statusWhen(done: (s: NurtureStatus) => boolean): Promise<NurtureStatus> {
    let s = await this.handle.query(nurtureStatusQuery);
    for (let i = 0; i < 200 && !done(s); i++) {
      await new Promise((r) => setTimeout(r, 25));
      s = await this.handle.query(nurtureStatusQuery);
    }
    return s;
  }

  event(id: string) {
    return { eventId: id, at: new Date().toISOString() };
  }
}

/** Moves the shared clock to the next given UTC weekday (0 = Sunday) at `hour`:00; returns that instant. */
async function nextWeekdayAt(weekday: number, hour: number): Promise<number> {
  const now = await temporal.env.currentTimeMs();
  let at = Math.floor(now / DAY) * DAY + hour * HOUR;
  while (at <= now || new Date(at).getUTCDay() !== weekday) at += DAY;
  await temporal.env.sleep(at - now);
  return at;
}

/** Sends went out one per step, each inside the window, with at least the cadence's business days between. */
function expectCadence(fake: Fake, holidays: Record<string, string> = {}) {
  const at = fake.calls.sent.map((s) => Date.parse(s.scheduledFor));
  for (const t of at) expect(insideWindow(t, holidays)).toBe(true);
  const cadence = [0, 3, 7, 14, 21];
  fake.calls.sent.forEach((s, i) => expect(businessDaysBetween(at[0], at[i], holidays)).toBeGreaterThanOrEqual(cadence[s.step]));
}

describe('a lead’s nurture sequence', () => {
  it('sends all five steps at their cadence, threaded under the first, over weeks of workflow time', async () => {
    const started = await temporal.env.currentTimeMs();
    const { fake, runId, workflowId } = await enrol('lead-ana', {}, async (ctx) => {
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', currentStep: 5, totalSteps: 5, nextWakeAt: null, holdReason: null, counts: { sent: 5, unknown: 0 } });
      expect(result.steps.map((s) => [s.step, s.status])).toEqual([0, 1, 2, 3, 4].map((i) => [i, 'sent']));
      expect(result.lastDecision?.what).toBe('sequence done: 5 of 5 steps sent');
      const described = await ctx.handle.describe();
      expect(described.memo).toMatchObject({ displayName: 'Lead lead-ana', emailDomain: 'example.es', owner: 'carmen', sequence: 'intro-5 v1' });
      expect(described.searchAttributes).toMatchObject({ LeadId: ['lead-ana'], CampaignId: ['acme-q3'], Tier: ['hot'], SequenceStep: [5], NurtureStatus: ['completed'] });
    });
    expect(fake.calls.sent.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
    expect(fake.calls.sent.map((s) => s.threadMessageId)).toEqual([null, ...Array(4).fill(messageIdOf('enr-acme-q3-lead-ana', 0))]);
    expectCadence(fake);
    // 21 business days after the first send: at least four weeks of workflow time went by.
    expect(Date.parse(fake.calls.sent[4].scheduledFor) - started).toBeGreaterThanOrEqual(27 * DAY);
    expect(fake.calls.progress.at(-1)).toMatchObject({ status: 'completed', currentStep: 5, nextSendAt: null });
    expect(fake.calls.progress.filter((p) => p.status === 'waiting').length).toBeGreaterThanOrEqual(5);
    await maybeRecordHistory(temporal.env, workflowId, runId, 'lead-nurture-completed');
  }, 60_000);

  it('stops at a reply', async () => {
    const { fake, runId, workflowId } = await enrol('lead-bruno', {}, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      await ctx.handle.signal(nurtureRepliedSignal, { ...ctx.event('inbox-1'), step: 0 });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'replied', currentStep: 1, counts: { sent: 1, replies: 1 } });
      expect(result.lastDecision?.what).toBe('replied to step 1: sequence stopped');
    });
    expect(fake.calls.sends).toHaveLength(1);
    expect(fake.calls.optOuts).toEqual([]);
    await maybeRecordHistory(temporal.env, workflowId, runId, 'lead-nurture-replied');
  }, 60_000);

  it.each([
    ['a hard bounce', 'lead-carla', 'bounced', 'bounce', 'lead-nurture-hard-bounce'],
    ['an unsubscribe', 'lead-dario', 'opted-out', 'unsubscribe', 'lead-nurture-unsubscribed'],
    ['a spam report', 'lead-elena', 'opted-out', 'spamreport', 'lead-nurture-spam-report'],
  ] as const)('stops at %s and suppresses the address', async (_, leadId, status, kind, recordAs) => {
    const { fake, runId, workflowId } = await enrol(leadId, {}, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 2);
      const e = ctx.event(`sg-${kind}-1`);
      if (kind === 'bounce') await ctx.handle.signal(nurtureBouncedSignal, { ...e, bounceType: 'hard', detail: '550 5.1.1 user unknown' });
      if (kind === 'unsubscribe') await ctx.handle.signal(nurtureUnsubscribedSignal, e);
      if (kind === 'spamreport') await ctx.handle.signal(nurtureSpamReportedSignal, e);
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status, currentStep: 2, counts: { sent: 2 }, nextWakeAt: null });
    });
    expect(fake.calls.optOuts).toEqual([expect.objectContaining({ enrolmentId: `enr-acme-q3-${leadId}`, kind, eventId: `sg-${kind}-1` })]);
    expect(fake.calls.sends).toHaveLength(2);
    expect(fake.calls.progress.at(-1)).toMatchObject({ status });
    await maybeRecordHistory(temporal.env, workflowId, runId, recordAs);
  }, 60_000);

  it('counts soft bounces and machine opens apart, applies a re-delivered event once, and goes on to the end', async () => {
    const { fake } = await enrol('lead-fabio', {}, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      await ctx.handle.signal(nurtureBouncedSignal, { ...ctx.event('sg-soft-1'), bounceType: 'soft', detail: 'mailbox full' });
      await ctx.handle.signal(nurtureOpenedSignal, ctx.event('sg-open-1'));
      await ctx.handle.signal(nurtureOpenedSignal, ctx.event('sg-open-1'));
      await ctx.handle.signal(nurtureOpenedSignal, { ...ctx.event('sg-open-2'), machine: true });
      await ctx.handle.signal(nurtureClickedSignal, ctx.event('sg-click-1'));
      await ctx.handle.signal(nurtureClickedSignal, { ...ctx.event('sg-click-2'), machine: true });
      await ctx.handle.signal(nurtureRepliedSignal, ctx.event('sg-open-1')); // same event id: already applied, no stop
      const waiting = await ctx.statusWhen((s) => s.counts.clicks === 1);
      expect(waiting.counts).toMatchObject({ sent: 1, opens: 1, clicks: 1, replies: 0, softBounces: 1, machineOpens: 1, machineClicks: 1 });
      const result = await ctx.handle.result();
      expect(result.status).toBe('completed');
      expect(result.counts).toMatchObject({ sent: 5, opens: 1, softBounces: 1 });
    });
    expect(fake.calls.optOuts).toEqual([]);
  }, 60_000);

  it('holds every send while the campaign is paused and goes on at the next step on resume', async () => {
    const { fake, runId, workflowId } = await enrol('lead-gala', {}, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      await ctx.handle.signal(nurtureControlSignal, { action: 'pause', reason: 'copy under review', by: 'carmen' });
      const paused = await ctx.statusWhen((s) => s.status === 'paused');
      expect(paused).toMatchObject({ status: 'paused', currentStep: 1, holdReason: 'campaign paused: copy under review', nextWakeAt: null });
      // Five weeks paused: every later step would have been due.
      await temporal.env.sleep(35 * DAY);
      expect(ctx.fake.calls.sends).toHaveLength(1);
      expect((await ctx.handle.query(nurtureStatusQuery)).status).toBe('paused');
      const resumedAt = await temporal.env.currentTimeMs();
      await ctx.handle.signal(nurtureControlSignal, { action: 'resume', reason: 'copy approved', by: 'carmen' });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: 5 } });
      // The step after the pause is the second one, sent after the resume, not a skipped or repeated one.
      expect(ctx.fake.calls.sent[1].step).toBe(1);
      expect(Date.parse(ctx.fake.calls.sent[1].scheduledFor)).toBeGreaterThanOrEqual(resumedAt);
    });
    expect(fake.calls.sent.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
    expect(fake.calls.progress.some((p) => p.status === 'paused' && p.holdReason === 'campaign paused: copy under review')).toBe(true);
    await maybeRecordHistory(temporal.env, workflowId, runId, 'lead-nurture-paused-resumed');
  }, 60_000);

  it('does not lose a resume that lands while the pause is being recorded', async () => {
    let resumeNow: (() => Promise<void>) | null = null;
    const onProgress = async (p: { status: string }) => {
      if (p.status !== 'paused' || !resumeNow) return;
      const resume = resumeNow;
      resumeNow = null;
      await resume();
    };
    const { fake } = await enrol('lead-ines', { onProgress }, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      resumeNow = async () => ctx.handle.signal(nurtureControlSignal, { action: 'resume', reason: 'paused by mistake' });
      await ctx.handle.signal(nurtureControlSignal, { action: 'pause', reason: 'copy under review' });
      // Stuck in 'paused' for good if the wait missed the resume: the result would never come.
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: 5 } });
    });
    expect(fake.calls.progress.some((p) => p.status === 'paused')).toBe(true);
    expect(fake.calls.sent.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
  }, 60_000);

  it('ends cleanly when the campaign is stopped, even with a send due', async () => {
    const { fake } = await enrol('lead-hugo', {}, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      await ctx.handle.signal(nurtureControlSignal, { action: 'stop', reason: 'campaign stopped', by: 'mia' });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'stopped', currentStep: 1, nextWakeAt: null });
      expect(result.lastDecision?.what).toBe('stopped by mia: campaign stopped');
    });
    expect(fake.calls.sends).toHaveLength(1);
    expect(fake.calls.progress.at(-1)).toMatchObject({ status: 'stopped' });
  }, 60_000);

  it('waits out a holiday and says so in its status', async () => {
    // A Wednesday morning that is a holiday, and so are the two days after: the first send waits until Monday.
    const today = await nextWeekdayAt(3, 10);
    const holidays = Object.fromEntries([0, 1, 2].map((d) => [new Date(today + d * DAY).toISOString().slice(0, 10), 'Día de la Constitución (ES)']));
    const { fake, runId, workflowId } = await enrol('lead-ines', { holidays }, async (ctx) => {
      const waiting = await ctx.statusWhen((s) => s.status === 'waiting');
      expect(waiting).toMatchObject({ status: 'waiting', currentStep: 0, holdReason: 'holiday: Día de la Constitución (ES)' });
      expect(waiting.nextWakeAt).toBe(new Date(Math.floor(today / DAY) * DAY + 5 * DAY + 9 * HOUR).toISOString());
      const result = await ctx.handle.result();
      expect(result.status).toBe('completed');
    });
    for (const s of fake.calls.sent) expect(holidays[s.scheduledFor.slice(0, 10)]).toBeUndefined();
    expectCadence(fake, holidays);
    expect(fake.calls.progress[0]).toMatchObject({ status: 'waiting', holdReason: 'holiday: Día de la Constitución (ES)' });
    await maybeRecordHistory(temporal.env, workflowId, runId, 'lead-nurture-held-by-holiday');
  }, 60_000);

  it('moves a send that does not fit the mailbox cap to the next slot that fits, then sends it', async () => {
    const cap = 'mailbox cap: 50/24 h reached';
    const { fake, runId, workflowId } = await enrol('lead-jon', { script: { 1: [({ scheduledFor }) => ({ kind: 'deferred', retryAt: new Date(Date.parse(scheduledFor) + DAY).toISOString(), reason: cap })] } }, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sends.length === 2, 10);
      const deferred = await ctx.statusWhen((s) => s.counts.deferrals === 1 && s.status === 'waiting');
      expect(deferred).toMatchObject({ status: 'waiting', currentStep: 1, holdReason: cap });
      expect(Date.parse(deferred.nextWakeAt!)).toBeGreaterThanOrEqual(Date.parse(ctx.fake.calls.sends[1].scheduledFor) + DAY);
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: 5, deferrals: 1 } });
    });
    expect(fake.calls.sends.map((s) => s.step)).toEqual([0, 1, 1, 2, 3, 4]);
    expect(fake.calls.progress.some((p) => p.holdReason === cap)).toBe(true);
    await maybeRecordHistory(temporal.env, workflowId, runId, 'lead-nurture-held-by-cap');
  }, 60_000);

  it('holds a step the sender cannot render until its retry time, then plans it afresh', async () => {
    const missing = 'template intro-2: field firstName missing and no fallback';
    const { fake } = await enrol('lead-kai', { script: { 0: [({ scheduledFor }) => ({ kind: 'held', reason: missing, retryAt: new Date(Date.parse(scheduledFor) + 6 * HOUR).toISOString() })] } }, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sends.length === 1);
      const held = await ctx.statusWhen((s) => s.status === 'held');
      expect(held).toMatchObject({ status: 'held', currentStep: 0, holdReason: missing });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: 5 } });
    });
    expect(fake.calls.plans.filter((p) => p.step === 0)).toHaveLength(2);
    expect(fake.calls.sends.map((s) => s.step)).toEqual([0, 0, 1, 2, 3, 4]);
  }, 60_000);

  it('holds a lead whose campaign calendar gives no slot, and goes on once it does', async () => {
    const { fake } = await enrol('lead-kira', { calendarFailures: 1 }, async (ctx) => {
      const held = await ctx.statusWhen((s) => s.status === 'held');
      expect(held).toMatchObject({ status: 'held', currentStep: 0, holdReason: 'send calendar: unknown time zone "Mars/Olympus"' });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: 5 } });
    });
    expect(fake.calls.plans.filter((p) => p.step === 0)).toHaveLength(2);
  }, 60_000);

  it('ends suppressed when the sender refuses a step because the address was suppressed mid-sequence', async () => {
    const { fake, runId, workflowId } = await enrol('lead-luz', { script: { 2: [() => ({ kind: 'refused', status: 'suppressed', reason: 'address on the global suppression list' })] } }, async (ctx) => {
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'suppressed', currentStep: 2, counts: { sent: 2 } });
      expect(result.lastDecision?.what).toBe('step 3 refused: address on the global suppression list');
    });
    expect(fake.calls.sends.map((s) => s.step)).toEqual([0, 1, 2]);
    expect(fake.calls.progress.at(-1)).toMatchObject({ status: 'suppressed' });
    await maybeRecordHistory(temporal.env, workflowId, runId, 'lead-nurture-suppressed-mid-sequence');
  }, 60_000);

  it('records a step whose delivery is unknown for a person and never sends it again', async () => {
    const { fake } = await enrol(
      'lead-mar',
      { script: { 1: [(i) => ({ kind: 'unknown', step: 1, variant: 'b', reason: 'provider gave no definite answer', messageId: messageIdOf(i.enrolmentId, 1) })] } },
      async (ctx) => {
        const result = await ctx.handle.result();
        expect(result).toMatchObject({ status: 'completed', counts: { sent: 4, unknown: 1 } });
        expect(result.steps[1]).toMatchObject({ step: 1, status: 'unknown', variant: 'b', reason: 'provider gave no definite answer' });
      },
    );
    expect(fake.calls.sends.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
  }, 60_000);

  it('pauses for an out-of-office reply until the lead is back', async () => {
    const { fake } = await enrol('lead-nuria', {}, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      const back = new Date((await temporal.env.currentTimeMs()) + 20 * DAY).toISOString();
      await ctx.handle.signal(nurtureOutOfOfficeSignal, { ...ctx.event('inbox-ooo-1'), until: back, reason: 'on leave' });
      const paused = await ctx.statusWhen((s) => s.status === 'paused');
      expect(paused).toMatchObject({ status: 'paused', holdReason: `out of office until ${back}: on leave`, nextWakeAt: back });
      const result = await ctx.handle.result();
      expect(result.status).toBe('completed');
      expect(Date.parse(ctx.fake.calls.sent[1].scheduledFor)).toBeGreaterThanOrEqual(Date.parse(back));
    });
    expect(fake.calls.sent).toHaveLength(5);
  }, 60_000);

  it('continues as new before its history grows large, keeping counts, steps and seen events', async () => {
    const opens = NURTURE_HISTORY_LIMIT + 100;
    const { fake, runId, workflowId } = await enrol('lead-olga', {}, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      for (let i = 0; i < opens; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, opens - i) }, (_, j) => ctx.handle.signal(nurtureOpenedSignal, ctx.event(`sg-open-${i + j}`))));
      }
      // Re-delivered after the new run started: the id travelled with the state, so it is not counted again.
      await ctx.handle.signal(nurtureOpenedSignal, ctx.event(`sg-open-${opens - 1}`));
      const status = await ctx.statusWhen((s) => s.counts.opens >= opens);
      expect(status).toMatchObject({ currentStep: 1, counts: { sent: 1, opens } });
      const described = await ctx.handle.describe();
      expect(described.runId).not.toBe(ctx.handle.firstExecutionRunId);
      expect(described.memo).toMatchObject({ displayName: 'Lead lead-olga', sequence: 'intro-5 v1' });
      expect(described.searchAttributes).toMatchObject({ LeadId: ['lead-olga'], CampaignId: ['acme-q3'], NurtureStatus: ['waiting'] });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: 5, opens } });
      expect(result.steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4]);
    });
    const firstRun = await eventTypes(temporal.env, workflowId, runId);
    expect(firstRun.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
    expect(firstRun.length).toBeLessThan(NURTURE_HISTORY_LIMIT + 200);
    // Threading survives the new run: later steps still reply under the first.
    expect(fake.calls.sent.slice(1).every((s) => s.threadMessageId === messageIdOf('enr-acme-q3-lead-olga', 0))).toBe(true);
    await maybeRecordHistory(temporal.env, workflowId, runId, 'lead-nurture-continued-as-new');
  }, 120_000);
});
