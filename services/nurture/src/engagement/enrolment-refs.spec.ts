import { enrolmentRef } from './enrolment-refs.js';

const row = {
  id: '6f1c1c2e-0000-4000-8000-000000000001',
  campaign_id: 'spring',
  lead_id: '6f1c1c2e-0000-4000-8000-0000000000aa',
  email: 'ann@acme.example',
  mailbox_id: 'team',
  mailbox_address: 'team@sender.example',
  owner_id: 'owner-7',
  owner_address: 'owner7@sender.example' as string | null,
  status: 'waiting' as const,
  reply_token: 'abc',
};

describe('enrolmentRef', () => {
  it("names the owner's mailbox as the address that hears about replies, and the lead's workflow", () => {
    expect(enrolmentRef(row)).toEqual({
      enrolmentId: row.id,
      campaignId: 'spring',
      leadId: row.lead_id,
      email: 'ann@acme.example',
      mailboxId: 'team',
      mailboxAddress: 'team@sender.example',
      owner: 'owner-7',
      ownerEmail: 'owner7@sender.example',
      workflowId: `nurture/spring/${row.lead_id}`,
      status: 'waiting',
    });
  });

  it('falls back to the sending mailbox when the owner has no mailbox, and never leaks the reply token', () => {
    const ref = enrolmentRef({ ...row, owner_address: null });
    expect(ref.ownerEmail).toBe('team@sender.example');
    expect(JSON.stringify(ref)).not.toContain('abc');
  });
});
