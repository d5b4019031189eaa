import type { LeadReply } from '#libs/contracts';
import { StageCallError, type EngagementReadClient } from '#libs/stage-clients';
import { LeadReplies } from './lead-replies.js';

const leadId = '01a243d7-c155-7000-af67-9c7a7cdd247a';
const reply: LeadReply = {
  id: '4',
  at: '2026-12-01T12:00:00.000Z',
  campaignId: 'demo',
  enrolmentId: 'e1',
  step: 0,
  from: 'ann@acme.example',
  subject: 'Re: hello',
  text: 'Send me more details please.',
  replyClass: 'interested',
  autoReply: false,
  outOfOfficeUntil: null,
  matchedBy: 'reply-token',
  ownerNotifiedAt: null,
};
const replies = (answer: () => Promise<LeadReply[]>) => new LeadReplies({ leadReplies: answer } as unknown as EngagementReadClient);

describe('LeadReplies.latestByCampaign', () => {
  it("gives each campaign's latest reply", async () => {
    const latest = await replies(async () => [reply]).latestByCampaign(leadId);
    expect(latest?.get('demo')).toEqual({ at: reply.at, replyClass: 'interested', text: reply.text, from: reply.from, subject: reply.subject, outOfOfficeUntil: null });
  });

  it('is null when engagement does not answer, so the view leaves latestReply out instead of saying "no reply"', async () => {
    expect(await replies(() => Promise.reject(new StageCallError('engagement', '/x', null, 'unreachable'))).latestByCampaign(leadId)).toBeNull();
    expect(await replies(() => Promise.reject(new StageCallError('engagement', '/x', 500, 'boom'))).latestByCampaign(leadId)).toBeNull();
  });

  it('is empty when engagement does not know the lead', async () => {
    expect((await replies(() => Promise.reject(new StageCallError('engagement', '/x', 404, 'not found'))).latestByCampaign(leadId))?.size).toBe(0);
  });
});
