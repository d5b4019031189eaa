import type { LeadEngagementEvent, LeadReply, LeadSend } from '#libs/contracts';
import { journeyEntries, latestRepliesByCampaign } from './journey-order.js';

const send = (step: number, at: string, ledgerKey = `e1:${step}`): LeadSend => ({
  ledgerKey,
  enrolmentId: 'e1',
  campaignId: 'c1',
  step,
  variant: 'a',
  subject: `step ${step}`,
  status: 'sent',
  messageId: null,
  providerMessageId: null,
  mailboxAddress: 'sales@x.example',
  at,
});
const event = (id: string, kind: LeadEngagementEvent['kind'], at: string, step: number | null = 0): LeadEngagementEvent => ({
  id,
  kind,
  at,
  receivedAt: at,
  campaignId: 'c1',
  enrolmentId: step === null ? null : 'e1',
  step,
  machine: false,
  machineReason: null,
  detail: null,
  state: 'applied',
});
const reply = (id: string, at: string, over: Partial<LeadReply> = {}): LeadReply => ({
  id,
  at,
  campaignId: 'c1',
  enrolmentId: 'e1',
  step: 0,
  from: 'ann@acme.example',
  subject: 'Re: step 0',
  text: 'Sounds good, call me',
  replyClass: 'interested',
  autoReply: false,
  outOfOfficeUntil: null,
  matchedBy: 'reply-token',
  ownerNotifiedAt: null,
  ...over,
});
const order = (entries: ReturnType<typeof journeyEntries>) => entries.map((e) => `${e.type}:${e.type === 'send' ? e.ledgerKey : e.id}`);

describe('journeyEntries', () => {
  it('lists sends, events and replies in time order', () => {
    const entries = journeyEntries(
      [send(1, '2026-12-04T09:00:00.000Z'), send(0, '2026-12-01T09:00:00.000Z')],
      [event('12', 'click', '2026-12-02T10:00:00.000Z'), event('11', 'open', '2026-12-01T11:00:00.000Z')],
      [reply('20', '2026-12-04T12:00:00.000Z', { step: 1 })],
    );
    expect(order(entries)).toEqual(['send:e1:0', 'engagement:11', 'engagement:12', 'send:e1:1', 'reply:20']);
  });

  it('places an event stamped in whole seconds after its own send, never before it', () => {
    // SendGrid says 09:00:00; the send was recorded at 09:00:00.450.
    const entries = journeyEntries([send(0, '2026-12-01T09:00:00.450Z')], [event('3', 'processed', '2026-12-01T09:00:00.000Z'), event('4', 'delivered', '2026-12-01T09:00:00.000Z')], []);
    expect(order(entries)).toEqual(['send:e1:0', 'engagement:3', 'engagement:4']);
    // The event keeps its own time.
    expect(entries[1]!.at).toBe('2026-12-01T09:00:00.000Z');
  });

  it('orders equal instants send, event, reply, then by id (inbox ids as numbers)', () => {
    const at = '2026-12-01T09:00:00.000Z';
    const entries = journeyEntries([send(0, at)], [event('10', 'open', at), event('9', 'delivered', at)], [reply('8', at)]);
    expect(order(entries)).toEqual(['send:e1:0', 'engagement:9', 'engagement:10', 'reply:8']);
    // The same on every read, whatever order the services answered in.
    expect(order(journeyEntries([send(0, at)], [event('9', 'delivered', at), event('10', 'open', at)], [reply('8', at)]))).toEqual(order(entries));
  });

  it('shows a reply once: its inbox row is not repeated as an event', () => {
    const entries = journeyEntries([], [event('20', 'reply', '2026-12-01T12:00:00.000Z'), event('21', 'open', '2026-12-01T11:00:00.000Z')], [reply('20', '2026-12-01T12:00:00.000Z')]);
    expect(order(entries)).toEqual(['engagement:21', 'reply:20']);
  });

  it('keeps events tied to no send (parked for a person) at their own time', () => {
    const entries = journeyEntries([send(0, '2026-12-01T09:00:00.000Z')], [event('5', 'bounce', '2026-11-30T09:00:00.000Z', null)], []);
    expect(order(entries)).toEqual(['engagement:5', 'send:e1:0']);
  });
});

describe('latestRepliesByCampaign', () => {
  it('takes the latest reply of each campaign with its class and text', () => {
    const latest = latestRepliesByCampaign([
      reply('1', '2026-12-01T09:00:00.000Z', { replyClass: 'out_of_office', autoReply: true, outOfOfficeUntil: '2026-12-10T00:00:00.000Z' }),
      reply('2', '2026-12-02T09:00:00.000Z', { text: 'Not for us', replyClass: 'not_interested' }),
      reply('3', '2026-12-01T09:00:00.000Z', { campaignId: 'c2' }),
    ]);
    expect(latest.get('c1')).toMatchObject({ replyClass: 'not_interested', text: 'Not for us' });
    expect(latest.get('c2')).toMatchObject({ replyClass: 'interested' });
  });

  it('counts an out-of-office but no other auto-reply, and nothing tied to no campaign', () => {
    const latest = latestRepliesByCampaign([
      reply('1', '2026-12-01T09:00:00.000Z', { replyClass: 'out_of_office', autoReply: true }),
      reply('2', '2026-12-02T09:00:00.000Z', { replyClass: 'other', autoReply: true, text: 'Ticket #123 received' }),
      reply('3', '2026-12-03T09:00:00.000Z', { campaignId: null }),
    ]);
    expect([...latest.keys()]).toEqual(['c1']);
    expect(latest.get('c1')!.replyClass).toBe('out_of_office');
  });
});
