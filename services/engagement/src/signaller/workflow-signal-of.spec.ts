import { ENGAGEMENT_EVENT_KINDS } from '#libs/contracts';
import { signalOfKind, workflowSignalOf, type SignalSource } from './workflow-signal-of.js';

const row = (over: Partial<SignalSource>): SignalSource => ({
  id: '42',
  kind: 'open',
  occurredAt: new Date('2026-12-01T10:00:00Z'),
  step: 1,
  machine: false,
  bounceType: null,
  detail: null,
  ...over,
});
const o = { defaultOutOfOfficeDays: 7 };

describe('signalOfKind', () => {
  it('maps every kind the inbox holds, and only engagement kinds to a signal', () => {
    const mapped = Object.fromEntries(ENGAGEMENT_EVENT_KINDS.map((k) => [k, signalOfKind(k)]));
    expect(mapped).toEqual({
      processed: null,
      delivered: null,
      deferred: null,
      open: 'opened',
      click: 'clicked',
      bounce: 'bounced',
      dropped: null,
      spamreport: 'spamReported',
      unsubscribe: 'unsubscribed',
      group_unsubscribe: 'unsubscribed',
      reply: 'replied',
      out_of_office: 'outOfOffice',
      auto_reply: null,
    });
  });
});

describe('workflowSignalOf', () => {
  it('names the inbox row as the event id the workflow dedupes on, with the step and time', () => {
    expect(workflowSignalOf(row({}), o)).toEqual({ signal: 'opened', payload: { eventId: 'inbox:42', at: '2026-12-01T10:00:00.000Z', step: 1, machine: false } });
  });

  it("carries a click's URL and machine flag, and no machine flag on other kinds", () => {
    expect(workflowSignalOf(row({ kind: 'click', machine: true, detail: 'https://acme.example/p' }), o)?.payload).toMatchObject({ machine: true, detail: 'https://acme.example/p' });
    expect(workflowSignalOf(row({ kind: 'reply', machine: true, step: null }), o)).toEqual({ signal: 'replied', payload: { eventId: 'inbox:42', at: '2026-12-01T10:00:00.000Z' } });
  });

  it('gives a bounce its type, and takes an unclassified bounce as hard (SendGrid reports soft ones as blocked)', () => {
    expect(workflowSignalOf(row({ kind: 'bounce', bounceType: 'soft' }), o)).toMatchObject({ signal: 'bounced', payload: { bounceType: 'soft' } });
    expect(workflowSignalOf(row({ kind: 'bounce' }), o)).toMatchObject({ signal: 'bounced', payload: { bounceType: 'hard' } });
  });

  it("gives an out-of-office reply its return date, or the default wait from when it came, with a reason", () => {
    const until = new Date('2026-12-15T00:00:00Z');
    expect(workflowSignalOf(row({ kind: 'out_of_office' }), { ...o, outOfOfficeUntil: until })).toMatchObject({
      signal: 'outOfOffice',
      payload: { until: '2026-12-15T00:00:00.000Z', reason: 'out-of-office reply: back 2026-12-15' },
    });
    expect(workflowSignalOf(row({ kind: 'out_of_office' }), o)?.payload).toMatchObject({ until: '2026-12-08T10:00:00.000Z', reason: expect.stringContaining('7 days') });
  });

  it('sends nothing for delivery events and auto-replies', () => {
    for (const kind of ['processed', 'delivered', 'deferred', 'dropped', 'auto_reply'] as const) expect(workflowSignalOf(row({ kind }), o)).toBeNull();
  });

  it('turns both unsubscribe kinds and a spam report into their signals', () => {
    expect(workflowSignalOf(row({ kind: 'group_unsubscribe' }), o)?.signal).toBe('unsubscribed');
    expect(workflowSignalOf(row({ kind: 'unsubscribe' }), o)?.signal).toBe('unsubscribed');
    expect(workflowSignalOf(row({ kind: 'spamreport' }), o)?.signal).toBe('spamReported');
  });
});
