import type { EnrolmentRef, ReplyMatch } from '#libs/contracts';
import { replyDisposition } from './reply-disposition.js';

const enrolment: EnrolmentRef = {
  enrolmentId: '6f1c0c1e-2b9e-4c39-9d64-1f6f7d2a0b11',
  campaignId: 'spring',
  leadId: '0b8f3c52-5a51-4f3a-8d0e-3f5f3a0e9c21',
  email: 'anna@acme.example',
  mailboxId: 'mb-1',
  mailboxAddress: 'sam@seller.example',
  owner: 'sam',
  ownerEmail: 'sam@seller.example',
  workflowId: 'nurture/spring/0b8f3c52-5a51-4f3a-8d0e-3f5f3a0e9c21',
  status: 'waiting',
};
const matched: ReplyMatch = { enrolment, matchedBy: 'reply-token', step: null };
const facts = { fromAddress: 'anna@acme.example', replyTokens: ['tok'], ourMessageIds: [] };

describe('replyDisposition', () => {
  it('acts on a matched reply from the address the sequence mails', () => {
    expect(replyDisposition(facts, matched)).toEqual({ state: 'pending', enrolment, matchedBy: 'reply-token', step: null });
    expect(replyDisposition(facts, { enrolment, matchedBy: 'message-id', step: 2 })).toMatchObject({ state: 'pending', step: 2 });
  });

  it('parks a reply with no token or Message-ID of ours, and one nurture does not know', () => {
    expect(replyDisposition({ ...facts, replyTokens: [] }, null)).toMatchObject({ state: 'parked', reason: 'no reply token and no Message-ID of ours in the reply', enrolment: null });
    expect(replyDisposition(facts, { enrolment: null, matchedBy: null, step: null })).toMatchObject({ state: 'parked', reason: 'no enrolment behind its reply token or Message-IDs', enrolment: null });
  });

  it('parks a reply from another address (a colleague forwarding, an assistant), naming both, without the lead', () => {
    const d = replyDisposition({ ...facts, fromAddress: 'boss@acme.example' }, matched);
    expect(d).toMatchObject({ state: 'parked', reason: 'from boss@acme.example but the sequence mails anna@acme.example', enrolment: null, claimed: enrolment });
    expect(replyDisposition({ ...facts, fromAddress: null }, matched)).toMatchObject({ state: 'parked', enrolment: null });
  });

  it('parks the lead\'s reply to a sequence that already ended, on the lead', () => {
    for (const status of ['replied', 'stopped', 'completed', 'opted-out'] as const) {
      expect(replyDisposition(facts, { ...matched, enrolment: { ...enrolment, status } })).toMatchObject({ state: 'parked', reason: `the sequence already ended (${status})`, enrolment: { status } });
    }
  });
});
