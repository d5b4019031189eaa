import type {
  BounceSignal,
  EngagementSignal,
  LeadNurtureInput,
  NurtureCarriedState,
  NurtureControl,
  NurtureCounts,
  NurtureStatus,
  NurtureStatusName,
  NurtureStepRecord,
  OptOutInput,
  OutOfOfficeSignal,
  SendStepOutcome,
} from '#libs/contracts';

/** Engagement event ids remembered for dedupe; older ones fall off (a provider re-delivers within hours, not weeks). */
export const SEEN_EVENT_IDS_KEPT = 500;
/** A pause found at send time is looked at again after this long (a resume reaches signalled workflows at once). */
export const PAUSE_RECHECK_MS = 3_600_000;

export interface Final {
  status: NurtureStatusName;
  reason: string;
}

const emptyCounts = (): NurtureCounts => ({ sent: 0, opens: 0, clicks: 0, replies: 0, deferrals: 0, unknown: 0 });

/**
 * One enrolment's state: what the signals and the send outcomes change, what the `status` query reads and what
 * continue-as-new carries. Pure (no Temporal calls), so the workflow is the loop and nothing else; `now` is the
 * workflow clock, passed in.
 */
export class NurtureState {
  nextStep: number;
  steps: NurtureStepRecord[];
  counts: NurtureCounts;
  firstSentAt: string | null;
  threadMessageId: string | null;
  lastDecision: NurtureStatus['lastDecision'];
  pausedUntil: string | null;
  pauseReason: string | null;
  campaignPaused: boolean;
  campaignPauseReason: string | null;
  /** Set when the pause was learnt from a refused send rather than a signal: the resume signal may have gone
   *  out before this workflow was listening, so the pause is looked at again from this instant. */
  campaignPauseRecheckAt: string | null;
  seenEventIds: string[];
  totalSteps: number;

  /** 'admitted' until the first plan of a fresh enrolment; a continued run starts where the last one was. */
  status: NurtureStatusName;
  holdReason: string | null = null;
  nextWakeAt: string | null = null;
  /** Set by a signal or an outcome that ends the enrolment; wins over any pending send. */
  final: Final | null = null;
  /** Opt-outs the signal handlers saw; the workflow applies them through the nurture service. */
  readonly pendingOptOuts: OptOutInput[] = [];
  /** Bumped by every signal that changes what the workflow should do next (pause, resume, stop, out of office). */
  controlVersion = 0;

  constructor(readonly input: LeadNurtureInput) {
    const c = input.carried;
    this.nextStep = c?.nextStep ?? 0;
    this.steps = c ? [...c.steps] : [];
    this.counts = c ? { ...c.counts } : emptyCounts();
    this.firstSentAt = c?.firstSentAt ?? null;
    this.threadMessageId = c?.threadMessageId ?? null;
    this.lastDecision = c?.lastDecision ?? null;
    this.pausedUntil = c?.pausedUntil ?? null;
    this.pauseReason = c?.pauseReason ?? null;
    this.campaignPaused = c?.campaignPaused ?? false;
    this.campaignPauseReason = c?.campaignPauseReason ?? null;
    this.campaignPauseRecheckAt = c?.campaignPauseRecheckAt ?? null;
    this.seenEventIds = c ? [...c.seenEventIds] : [];
    this.totalSteps = c?.totalSteps ?? 0;
    this.status = c ? 'waiting' : 'admitted';
  }

  decide(now: number, what: string) {
    this.lastDecision = { at: new Date(now).toISOString(), what };
  }

  /** True the first time an event id is seen; a re-delivered event has no second effect. */
  private firstSight(e: EngagementSignal): boolean {
    if (this.seenEventIds.includes(e.eventId)) return false;
    this.seenEventIds.push(e.eventId);
    if (this.seenEventIds.length > SEEN_EVENT_IDS_KEPT) this.seenEventIds.splice(0, this.seenEventIds.length - SEEN_EVENT_IDS_KEPT);
    return true;
  }

  /** Ends the enrolment; the first end wins (a reply after a stop does not rewrite why it stopped). */
  stop(now: number, final: Final) {
    if (this.final) return;
    this.final = final;
    this.controlVersion++;
    this.decide(now, final.reason);
  }

  complete(now: number) {
    const unknown = this.counts.unknown ? `, ${this.counts.unknown} unknown` : '';
    this.stop(now, { status: 'completed', reason: `sequence done: ${this.counts.sent} of ${this.totalSteps} steps sent${unknown}` });
  }

  opened(e: EngagementSignal) {
    if (!this.firstSight(e)) return;
    // Machine opens (Apple MPP, scanners) are kept apart from the counts people read.
    if (e.machine) this.counts.machineOpens = (this.counts.machineOpens ?? 0) + 1;
    else this.counts.opens++;
  }

  clicked(e: EngagementSignal) {
    if (!this.firstSight(e)) return;
    if (e.machine) this.counts.machineClicks = (this.counts.machineClicks ?? 0) + 1;
    else this.counts.clicks++;
  }

  replied(now: number, e: EngagementSignal) {
    if (!this.firstSight(e)) return;
    this.counts.replies++;
    this.stop(now, { status: 'replied', reason: `replied${e.step !== undefined ? ` to step ${e.step + 1}` : ''}: sequence stopped` });
  }

  bounced(now: number, e: BounceSignal) {
    if (!this.firstSight(e)) return;
    if (e.bounceType === 'soft') {
      this.counts.softBounces = (this.counts.softBounces ?? 0) + 1;
      this.decide(now, `soft bounce${e.detail ? ` (${e.detail})` : ''}: counted, sequence goes on`);
      return;
    }
    this.optOut(now, e, 'bounce', { status: 'bounced', reason: `hard bounce${e.detail ? ` (${e.detail})` : ''}: address suppressed, sequence stopped` });
  }

  unsubscribed(now: number, e: EngagementSignal) {
    if (!this.firstSight(e)) return;
    this.optOut(now, e, 'unsubscribe', { status: 'opted-out', reason: 'unsubscribed: address suppressed, sequence stopped' });
  }

  spamReported(now: number, e: EngagementSignal) {
    if (!this.firstSight(e)) return;
    this.optOut(now, e, 'spamreport', { status: 'opted-out', reason: 'spam report: address suppressed, sequence stopped' });
  }

  private optOut(now: number, e: EngagementSignal, kind: OptOutInput['kind'], final: Final) {
    this.pendingOptOuts.push({ enrolmentId: this.input.enrolmentId, kind, eventId: e.eventId, at: e.at });
    this.stop(now, final);
  }

  outOfOffice(now: number, e: OutOfOfficeSignal) {
    if (!this.firstSight(e)) return;
    // A second auto-reply extends the absence; one with an earlier date (replies arrive out of order) never shortens it.
    if (this.pausedUntil && Date.parse(this.pausedUntil) >= Date.parse(e.until)) {
      this.decide(now, `out of office again (back ${e.until}): still paused until ${this.pausedUntil}`);
      return;
    }
    this.pausedUntil = e.until;
    this.pauseReason = e.reason;
    this.controlVersion++;
    this.decide(now, `out of office until ${e.until}: ${e.reason}`);
  }

  control(now: number, c: NurtureControl) {
    const by = c.by ? ` by ${c.by}` : '';
    if (c.action === 'stop') return this.stop(now, { status: 'stopped', reason: `stopped${by}: ${c.reason}` });
    if (c.action === 'pause') {
      if (this.campaignPaused) return;
      this.campaignPaused = true;
      this.campaignPauseReason = c.reason;
      this.decide(now, `paused${by}: ${c.reason}`);
    } else {
      if (!this.campaignPaused) return;
      this.campaignPaused = false;
      this.campaignPauseReason = null;
      this.campaignPauseRecheckAt = null;
      this.decide(now, `resumed${by}: ${c.reason}`);
    }
    this.controlVersion++;
  }

  /** Why sends wait right now (campaign pause first: it outlasts an absence), or null. */
  pauseHold(now: number): { reason: string; until: string | null } | null {
    if (this.campaignPaused && this.campaignPauseRecheckAt && Date.parse(this.campaignPauseRecheckAt) <= now) {
      // Ask the sender again: it answers from the campaign's state in the database.
      this.campaignPaused = false;
      this.campaignPauseReason = null;
      this.campaignPauseRecheckAt = null;
    }
    if (this.campaignPaused) return { reason: `campaign paused: ${this.campaignPauseReason ?? 'no reason given'}`, until: this.campaignPauseRecheckAt };
    if (this.pausedUntil && Date.parse(this.pausedUntil) > now) return { reason: `out of office until ${this.pausedUntil}: ${this.pauseReason ?? ''}`.trim(), until: this.pausedUntil };
    if (this.pausedUntil) {
      this.pausedUntil = null;
      this.pauseReason = null;
    }
    return null;
  }

  /** Applies a send outcome; returns whether the step is done (sent or unknown) so the loop moves on. */
  applySendOutcome(now: number, step: number, outcome: SendStepOutcome): 'next' | 'retry' | 'held' | 'end' {
    switch (outcome.kind) {
      case 'sent':
        this.steps.push({ step, variant: outcome.variant, status: 'sent', at: outcome.at, messageId: outcome.messageId, ...(outcome.providerMessageId ? { providerMessageId: outcome.providerMessageId } : {}) });
        this.counts.sent++;
        this.firstSentAt ??= outcome.at;
        this.threadMessageId ??= outcome.messageId;
        this.nextStep = step + 1;
        this.holdReason = null;
        this.decide(now, `step ${step + 1} sent${outcome.variant ? ` (variant ${outcome.variant})` : ''}`);
        return 'next';
      case 'unknown':
        // Maybe delivered: recorded for a person, never sent again. Cadence and threading go on from it.
        this.steps.push({ step, variant: outcome.variant, status: 'unknown', at: new Date(now).toISOString(), messageId: outcome.messageId, reason: outcome.reason });
        this.counts.unknown++;
        this.firstSentAt ??= new Date(now).toISOString();
        this.threadMessageId ??= outcome.messageId;
        this.nextStep = step + 1;
        this.decide(now, `step ${step + 1} unknown (${outcome.reason}): not resent`);
        return 'next';
      case 'deferred':
        this.counts.deferrals++;
        this.holdReason = outcome.reason;
        this.decide(now, `step ${step + 1} deferred to ${outcome.retryAt}: ${outcome.reason}`);
        return 'retry';
      case 'held':
        this.status = 'held';
        this.holdReason = outcome.reason;
        this.nextWakeAt = outcome.retryAt;
        this.decide(now, `step ${step + 1} held: ${outcome.reason}`);
        return 'held';
      case 'refused':
        if (outcome.status === 'paused') {
          // The campaign was paused and this workflow missed the signal (started after the fan-out, or the signal
          // failed): hold like a signalled pause, never end; ending would lose the lead for good, since its
          // workflow id cannot be started again.
          this.campaignPaused = true;
          this.campaignPauseReason = outcome.reason;
          this.campaignPauseRecheckAt = new Date(now + PAUSE_RECHECK_MS).toISOString();
          this.decide(now, `step ${step + 1} not sent: ${outcome.reason}`);
          this.controlVersion++;
          return 'retry';
        }
        this.stop(now, { status: outcome.status, reason: `step ${step + 1} refused: ${outcome.reason}` });
        return 'end';
    }
  }

  carried(): NurtureCarriedState {
    return {
      nextStep: this.nextStep,
      steps: this.steps,
      counts: this.counts,
      firstSentAt: this.firstSentAt,
      threadMessageId: this.threadMessageId,
      lastDecision: this.lastDecision,
      pausedUntil: this.pausedUntil,
      pauseReason: this.pauseReason,
      campaignPaused: this.campaignPaused,
      campaignPauseReason: this.campaignPauseReason,
      campaignPauseRecheckAt: this.campaignPauseRecheckAt,
      seenEventIds: this.seenEventIds,
      totalSteps: this.totalSteps,
    };
  }

  snapshot(): NurtureStatus {
    const { enrolmentId, campaignId, leadId, sequenceId, sequenceVersion } = this.input;
    return {
      enrolmentId,
      campaignId,
      leadId,
      sequenceId,
      sequenceVersion,
      status: this.final?.status ?? this.status,
      currentStep: this.nextStep,
      totalSteps: this.totalSteps,
      nextWakeAt: this.final ? null : this.nextWakeAt,
      holdReason: this.final ? null : this.holdReason,
      lastDecision: this.lastDecision,
      counts: { ...this.counts },
      steps: [...this.steps],
    };
  }
}
