import type { LeadNurtureInput } from '#libs/contracts';
import { PAUSE_RECHECK_MS, NurtureState, SEEN_EVENT_IDS_KEPT } from './nurture-state.js';

const input: LeadNurtureInput = {
  enrolmentId: 'enr-1',
  campaignId: 'acme-q3',
  leadId: 'lead-vera',
  tier: 'warm',
  sequenceId: 'intro-5',
  sequenceVersion: 2,
  mailboxId: 'mbx-1',
  memo: { displayName: 'Vera Ruiz', emailDomain: 'example.es', owner: null, sequence: 'intro-5 v2' },
};
const T = Date.parse('2026-12-07T10:00:00Z');
const e = (eventId: string) => ({ eventId, at: '2026-12-07T10:00:00Z' });
const sent = (step: number) => ({ kind: 'sent' as const, step, variant: 'a', messageId: `<m${step}@x>`, providerMessageId: null, at: new Date(T + step * 86_400_000).toISOString() });

describe('one enrolment’s state', () => {
  it('starts as admitted and threads every later step under the first one sent', () => {
    const s = new NurtureState(input);
    expect(s.snapshot().status).toBe('admitted');
    expect(s.applySendOutcome(T, 0, sent(0))).toBe('next');
    expect(s.applySendOutcome(T, 1, sent(1))).toBe('next');
    expect(s).toMatchObject({ nextStep: 2, firstSentAt: sent(0).at, threadMessageId: '<m0@x>' });
    expect(s.snapshot().counts.sent).toBe(2);
  });

  it('applies an event id once and forgets the oldest beyond its bound', () => {
    const s = new NurtureState(input);
    for (let i = 0; i <= SEEN_EVENT_IDS_KEPT; i++) s.opened(e(`o${i}`));
    s.opened(e(`o${SEEN_EVENT_IDS_KEPT}`));
    expect(s.counts.opens).toBe(SEEN_EVENT_IDS_KEPT + 1);
    expect(s.seenEventIds).toHaveLength(SEEN_EVENT_IDS_KEPT);
    expect(s.seenEventIds[0]).toBe('o1');
  });

  it('keeps the first reason it ended for, and still queues a later opt-out', () => {
    const s = new NurtureState(input);
    s.replied(T, e('r1'));
    s.unsubscribed(T, e('u1'));
    expect(s.snapshot()).toMatchObject({ status: 'replied', nextWakeAt: null, holdReason: null });
    expect(s.pendingOptOuts).toEqual([{ enrolmentId: 'enr-1', kind: 'unsubscribe', eventId: 'u1', at: '2026-12-07T10:00:00Z' }]);
  });

  it('counts a soft bounce and goes on; a hard one ends as bounced with an opt-out', () => {
    const s = new NurtureState(input);
    s.bounced(T, { ...e('b1'), bounceType: 'soft' });
    expect(s.final).toBeNull();
    expect(s.counts.softBounces).toBe(1);
    s.bounced(T, { ...e('b2'), bounceType: 'hard' });
    expect(s.final?.status).toBe('bounced');
    expect(s.pendingOptOuts.map((o) => o.kind)).toEqual(['bounce']);
  });

  it('wakes the loop only for a pause or resume that changes something', () => {
    const s = new NurtureState(input);
    s.control(T, { action: 'resume', reason: 'not paused' });
    expect(s.controlVersion).toBe(0);
    s.control(T, { action: 'pause', reason: 'copy review' });
    s.control(T, { action: 'pause', reason: 'again' });
    expect(s.controlVersion).toBe(1);
    expect(s.pauseHold(T)).toEqual({ reason: 'campaign paused: copy review', until: null });
    s.control(T, { action: 'resume', reason: 'approved' });
    expect(s.pauseHold(T)).toBeNull();
  });

  it('holds for an absence until its date, then forgets it', () => {
    const s = new NurtureState(input);
    s.outOfOffice(T, { ...e('ooo'), until: '2026-12-10T00:00:00Z', reason: 'on leave' });
    expect(s.pauseHold(T)).toEqual({ reason: 'out of office until 2026-12-10T00:00:00Z: on leave', until: '2026-12-10T00:00:00Z' });
    expect(s.pauseHold(Date.parse('2026-12-10T00:00:00Z'))).toBeNull();
    expect(s.pausedUntil).toBeNull();
  });

  it('extends an absence on a later return date and never shortens it on an earlier one', () => {
    const s = new NurtureState(input);
    s.outOfOffice(T, { ...e('ooo-1'), until: '2026-12-10T00:00:00Z', reason: 'on leave' });
    const seen = s.controlVersion;
    s.outOfOffice(T, { ...e('ooo-2'), until: '2026-12-14T00:00:00Z', reason: 'leave extended' });
    expect(s.controlVersion).toBe(seen + 1);
    expect(s.pauseHold(T)).toEqual({ reason: 'out of office until 2026-12-14T00:00:00Z: leave extended', until: '2026-12-14T00:00:00Z' });
    // An older auto-reply delivered late: the pause stays, and nothing wakes the loop.
    s.outOfOffice(T, { ...e('ooo-0'), until: '2026-12-09T00:00:00Z', reason: 'on leave' });
    expect(s.controlVersion).toBe(seen + 1);
    expect(s.pausedUntil).toBe('2026-12-14T00:00:00Z');
    expect(s.lastDecision?.what).toBe('out of office again (back 2026-12-09T00:00:00Z): still paused until 2026-12-14T00:00:00Z');
  });

  it('carries everything a new run needs', () => {
    const s = new NurtureState(input);
    s.applySendOutcome(T, 0, sent(0));
    s.opened(e('o1'));
    s.control(T, { action: 'pause', reason: 'review' });
    s.totalSteps = 5;
    const next = new NurtureState({ ...input, carried: s.carried() });
    expect(next.snapshot()).toEqual({ ...s.snapshot(), status: 'waiting' });
    expect(next.pauseHold(T)?.reason).toBe('campaign paused: review');
    next.opened(e('o1'));
    expect(next.counts.opens).toBe(1);
  });

  it('a send refused because the campaign is paused holds the lead (never ends it) and looks again an hour later', () => {
    const s = new NurtureState(input);
    const outcome = s.applySendOutcome(T, 0, { kind: 'refused', status: 'paused', reason: 'campaign paused: copy review' });
    expect(outcome).toBe('retry');
    expect(s.final).toBeNull();
    expect(s.pauseHold(T)).toEqual({ reason: 'campaign paused: campaign paused: copy review', until: new Date(T + PAUSE_RECHECK_MS).toISOString() });
    // Carried through continue-as-new, and a resume signal ends it at once.
    const next = new NurtureState({ ...input, carried: s.carried() });
    expect(next.pauseHold(T)?.until).toBe(new Date(T + PAUSE_RECHECK_MS).toISOString());
    expect(s.pauseHold(T + PAUSE_RECHECK_MS)).toBeNull();
    next.control(T, { action: 'resume', reason: 'approved' });
    expect(next.pauseHold(T)).toBeNull();
  });

  it('a send refused for any other reason ends the enrolment with that status', () => {
    const s = new NurtureState(input);
    expect(s.applySendOutcome(T, 0, { kind: 'refused', status: 'suppressed', reason: 'address suppressed' })).toBe('end');
    expect(s.final?.status).toBe('suppressed');
  });
});
