import {
  leadNurtureWorkflow,
  nurtureBouncedSignal,
  nurtureClickedSignal,
  nurtureControlSignal,
  nurtureOpenedSignal,
  nurtureOutOfOfficeSignal,
  nurtureRepliedSignal,
  nurtureStatusQuery,
  nurtureWorkflowId,
  type LeadNurtureWorkflow,
  type NurtureStatus,
} from '#libs/contracts';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { startWorkflow } from '#libs/temporal';
import { maybeRecordHistory, TaskQueue, useTimeSkippingTemporal, withWorkers } from '../../test/workflow-env/time-skipping.js';
import { DAY, enrolmentInput, fakeNurture, HOUR, insideWindow, testCalendar, type FakeNurtureOptions } from './nurture-fakes.js';

// What engagement signals do to one lead's sequence, path by path, on a clock that skips ahead. Each path that ends
// or runs to the end its own way is recorded for the replay corpus (RECORD_HISTORIES=1); hard bounce, unsubscribe,
// spam report and reply are recorded by lead-nurture.spec.ts.

const temporal = useTimeSkippingTemporal();
const STEPS = 3;

type Fake = ReturnType<typeof fakeNurture>;
type Handle = WorkflowHandleWithFirstExecutionRunId<LeadNurtureWorkflow>;

interface Ctx {
  handle: Handle;
  fake: Fake;
  /** Skips workflow time an hour at a time until `done` holds. */
  skipUntil(done: () => boolean, maxDays?: number): Promise<void>;
  /** Polls the status query in real time (the clock stays put) until `done` holds. */
  statusWhen(done: (s: NurtureStatus) => boolean): Promise<NurtureStatus>;
}

const event = (eventId: string, extra: { step?: number; machine?: boolean } = {}) => ({ eventId, at: new Date().toISOString(), ...extra });

/** Starts one enrolment of a three-step sequence, runs `test` with the workers up, records the run as `recordAs`. */
async function enrol(leadId: string, recordAs: string | null, test: (ctx: Ctx) => Promise<void>, options: FakeNurtureOptions = {}): Promise<Fake> {
  const fake = fakeNurture({ totalSteps: STEPS, ...options });
  const input = enrolmentInput(leadId);
  const workflowId = nurtureWorkflowId(input.campaignId, leadId);
  const handle = await startWorkflow(temporal.env.client, leadNurtureWorkflow, { workflowId, args: [input] });
  const ctx: Ctx = {
    handle,
    fake,
    async skipUntil(done, maxDays = 30) {
      for (let i = 0; i < maxDays * 24 && !done(); i++) await temporal.env.sleep(HOUR);
      expect(done()).toBe(true);
    },
    async statusWhen(done) {
      let s = await handle.query(nurtureStatusQuery);
      for (let i = 0; i < 200 && !done(s); i++) {
        await new Promise((r) => setTimeout(r, 25));
        s = await handle.query(nurtureStatusQuery);
      }
      expect(done(s)).toBe(true);
      return s;
    },
  };
  try {
    await withWorkers(temporal.env, { workflowBundle: temporal.workflowBundle, activities: { [TaskQueue.nurture]: fake.activities, [TaskQueue.workflows]: testCalendar().activities } }, () => test(ctx));
  } finally {
    await handle.terminate('test over').catch(() => undefined);
  }
  if (recordAs) await maybeRecordHistory(temporal.env, workflowId, handle.firstExecutionRunId, recordAs);
  return fake;
}

/** The next UTC Saturday at 03:00 at least `days` after `fromMs`: the calendar then waits for Monday 09:00. */
function saturdayNight(fromMs: number, days: number): number {
  let at = Math.floor((fromMs + days * DAY) / DAY) * DAY + 3 * HOUR;
  while (new Date(at).getUTCDay() !== 6) at += DAY;
  return at;
}
const mondayMorningAfter = (saturdayMs: number) => Math.floor(saturdayMs / DAY) * DAY + 2 * DAY + 9 * HOUR;

describe('engagement signals on a lead’s sequence', () => {
  it.each([
    ['a human open', 'lead-olivia', 'lead-nurture-opened', nurtureOpenedSignal, false, { opens: 1 }],
    ['a machine open', 'lead-mateo', 'lead-nurture-machine-open', nurtureOpenedSignal, true, { opens: 0, machineOpens: 1 }],
    ['a human click', 'lead-carmen', 'lead-nurture-clicked', nurtureClickedSignal, false, { clicks: 1 }],
    ['a machine click', 'lead-marco', null, nurtureClickedSignal, true, { clicks: 0, machineClicks: 1 }],
  ] as const)('counts %s and changes nothing about the next send', async (_, leadId, recordAs, signal, machine, counted) => {
    const fake = await enrol(leadId, recordAs, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      const before = await ctx.statusWhen((s) => s.status === 'waiting' && s.currentStep === 1);
      await ctx.handle.signal(signal, event(`sg-${leadId}-1`, { step: 0, machine }));
      const after = await ctx.statusWhen((s) => s.counts.opens + s.counts.clicks + (s.counts.machineOpens ?? 0) + (s.counts.machineClicks ?? 0) === 1);
      expect(after.counts).toMatchObject(counted);
      // Same wake-up, same hold, same last decision: the signal was counted and nothing else.
      expect({ status: after.status, nextWakeAt: after.nextWakeAt, holdReason: after.holdReason, lastDecision: after.lastDecision }).toEqual({
        status: before.status,
        nextWakeAt: before.nextWakeAt,
        holdReason: before.holdReason,
        lastDecision: before.lastDecision,
      });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: STEPS, replies: 0, ...counted } });
      // Machine opens and clicks are never counted as a person's.
      if (machine) expect(result.counts.opens + result.counts.clicks).toBe(0);
      else expect((result.counts.machineOpens ?? 0) + (result.counts.machineClicks ?? 0)).toBe(0);
    });
    expect(fake.calls.sent.map((s) => s.step)).toEqual([0, 1, 2]);
    expect(fake.calls.optOuts).toEqual([]);
  }, 60_000);

  it('counts a soft bounce and sends on to the end', async () => {
    const fake = await enrol('lead-sofia', 'lead-nurture-soft-bounce', async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      await ctx.handle.signal(nurtureBouncedSignal, { ...event('sg-soft-1', { step: 0 }), bounceType: 'soft', detail: '452 4.2.2 mailbox full' });
      const counted = await ctx.statusWhen((s) => s.counts.softBounces === 1);
      expect(counted.lastDecision?.what).toBe('soft bounce (452 4.2.2 mailbox full): counted, sequence goes on');
      expect(counted.status).toBe('waiting');
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: STEPS, softBounces: 1 } });
    });
    expect(fake.calls.sent.map((s) => s.step)).toEqual([0, 1, 2]);
    expect(fake.calls.optOuts).toEqual([]);
  }, 60_000);

  it('moves the next send to the return date of an out-of-office, then to the calendar’s next slot; a second one extends the absence', async () => {
    let firstBack = 0;
    let secondBack = 0;
    const fake = await enrol('lead-oscar', 'lead-nurture-out-of-office', async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      const now = await temporal.env.currentTimeMs();
      // Back on a Saturday night: no send then, the next one waits for Monday 09:00 (the calendar's window).
      firstBack = saturdayNight(now, 7);
      const back = new Date(firstBack).toISOString();
      await ctx.handle.signal(nurtureOutOfOfficeSignal, { ...event('inbox-ooo-1', { step: 0 }), until: back, reason: 'on leave' });
      const paused = await ctx.statusWhen((s) => s.status === 'paused');
      expect(paused).toMatchObject({ holdReason: `out of office until ${back}: on leave`, nextWakeAt: back });

      // A week later, still away: the second auto-reply names a later date.
      await temporal.env.sleep(2 * DAY);
      expect(ctx.fake.calls.sends).toHaveLength(1);
      secondBack = firstBack + 7 * DAY;
      const later = new Date(secondBack).toISOString();
      await ctx.handle.signal(nurtureOutOfOfficeSignal, { ...event('inbox-ooo-2', { step: 0 }), until: later, reason: 'leave extended' });
      const extended = await ctx.statusWhen((s) => s.nextWakeAt === later);
      expect(extended).toMatchObject({ status: 'paused', holdReason: `out of office until ${later}: leave extended` });

      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: STEPS } });
    });
    expect(fake.calls.sent.map((s) => s.step)).toEqual([0, 1, 2]);
    // Nothing between the first send and the later return date; then Monday 09:00, the first slot after it.
    expect(fake.calls.sent[1].scheduledFor).toBe(new Date(mondayMorningAfter(secondBack)).toISOString());
    for (const s of fake.calls.sent) expect(insideWindow(Date.parse(s.scheduledFor))).toBe(true);
    expect(fake.calls.progress.some((p) => p.status === 'paused' && p.holdReason === `out of office until ${new Date(firstBack).toISOString()}: on leave`)).toBe(true);
  }, 60_000);

  it('stops at a reply that comes during an out-of-office pause', async () => {
    const fake = await enrol('lead-pilar', 'lead-nurture-out-of-office-replied', async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      const back = new Date((await temporal.env.currentTimeMs()) + 20 * DAY).toISOString();
      await ctx.handle.signal(nurtureOutOfOfficeSignal, { ...event('inbox-ooo-1', { step: 0 }), until: back, reason: 'on leave' });
      await ctx.statusWhen((s) => s.status === 'paused');
      await temporal.env.sleep(3 * DAY);
      await ctx.handle.signal(nurtureRepliedSignal, event('inbox-reply-1', { step: 0 }));
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'replied', currentStep: 1, nextWakeAt: null, holdReason: null, counts: { sent: 1, replies: 1 } });
      expect(result.lastDecision?.what).toBe('replied to step 1: sequence stopped');
    });
    expect(fake.calls.sends).toHaveLength(1);
    expect(fake.calls.optOuts).toEqual([]);
    expect(fake.calls.progress.at(-1)).toMatchObject({ status: 'replied' });
  }, 60_000);

  it('ends stopped when a colleague at the same company replied', async () => {
    // As nurture's colleague stop sends it (services/nurture/src/engagement/colleague-stops.ts).
    const reason = 'a colleague at rocket.example replied';
    const fake = await enrol('lead-rafa', 'lead-nurture-colleague-stop', async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      await ctx.handle.signal(nurtureControlSignal, { action: 'stop', reason });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'stopped', currentStep: 1, nextWakeAt: null, counts: { sent: 1, replies: 0 } });
      expect(result.lastDecision?.what).toBe(`stopped: ${reason}`);
    });
    expect(fake.calls.sends).toHaveLength(1);
    // A colleague's reply stops this sequence; it does not opt this lead out.
    expect(fake.calls.optOuts).toEqual([]);
  }, 60_000);

  it('applies each event id once, whatever signal re-delivers it', async () => {
    const fake = await enrol('lead-tomas', null, async (ctx) => {
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 1);
      const back = new Date((await temporal.env.currentTimeMs()) + 5 * DAY).toISOString();
      await ctx.handle.signal(nurtureOutOfOfficeSignal, { ...event('inbox-ooo-1'), until: back, reason: 'on leave' });
      for (let i = 0; i < 3; i++) {
        await ctx.handle.signal(nurtureBouncedSignal, { ...event('sg-soft-1'), bounceType: 'soft' });
        await ctx.handle.signal(nurtureClickedSignal, event('sg-click-1'));
      }
      // The soft bounce's id again as a hard bounce, and the click's as a reply: already applied, no stop.
      await ctx.handle.signal(nurtureBouncedSignal, { ...event('sg-soft-1'), bounceType: 'hard' });
      await ctx.handle.signal(nurtureRepliedSignal, event('sg-click-1'));
      const counted = await ctx.statusWhen((s) => s.counts.clicks === 1 && s.counts.softBounces === 1);
      expect(counted).toMatchObject({ status: 'paused', counts: { clicks: 1, softBounces: 1, replies: 0 } });
      // Past the return date, the same out-of-office re-delivered does not pause the lead again.
      await ctx.skipUntil(() => ctx.fake.calls.sent.length === 2, 15);
      await ctx.handle.signal(nurtureOutOfOfficeSignal, { ...event('inbox-ooo-1'), until: new Date((await temporal.env.currentTimeMs()) + 30 * DAY).toISOString(), reason: 'on leave' });
      const result = await ctx.handle.result();
      expect(result).toMatchObject({ status: 'completed', counts: { sent: STEPS, clicks: 1, softBounces: 1, replies: 0 } });
    });
    expect(fake.calls.optOuts).toEqual([]);
    expect(fake.calls.progress.filter((p) => p.status === 'paused')).toHaveLength(1);
  }, 60_000);
});
