import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EnrolmentRef } from '#libs/contracts';
import { sendgridNoticeSender } from '../../services/engagement/src/inbound/notice-sender.js';
import { OwnerNoticeEffect } from '../../services/engagement/src/inbound/owner-notice.effect.js';
import type { InboxRow } from '../../services/engagement/src/signaller/inbox-effect.js';
import { testStack } from '../setup/test-stack.js';

/**
 * The owner's "your lead replied" notice on the real database and the SendGrid sandbox: sent once per reply, never
 * twice (a second run, a claim left by a crash), given back for a retry when the send certainly failed.
 */
let db: DataSource;
const from = 'cam-notices@mail.it.example';
const owner = `owner-${randomUUID().slice(0, 8)}@seller.it.example`;

function enrolment(over: Partial<EnrolmentRef> = {}): EnrolmentRef {
  const leadId = randomUUID();
  return {
    enrolmentId: randomUUID(),
    campaignId: 'it-notice',
    leadId,
    email: 'lead@acme.it.example',
    mailboxId: 'mb-notice',
    mailboxAddress: 'sender@mb-notice.example',
    owner: 'owner-1',
    ownerEmail: owner,
    workflowId: `nurture/it-notice/${leadId}`,
    status: 'waiting',
    ...over,
  };
}

/** A matched reply's inbox and reply rows, as the inbound route writes them. */
async function storedReply(e: EnrolmentRef, kind: 'reply' | 'out_of_office' = 'reply', claimedAt: Date | null = null): Promise<InboxRow & { enrolment: EnrolmentRef }> {
  const [batch] = await db.query(`INSERT INTO engagement.received_batches (source, body_sha256, body_bytes, items, accepted, duplicates) VALUES ('inbound-parse', 'x', 1, 1, 1, 0) RETURNING id`);
  const [row] = await db.query(
    `INSERT INTO engagement.inbox (batch_id, source, kind, content_key, occurred_at, email, enrolment_id, campaign_id, lead_id, detail, payload, state)
     VALUES ($1, 'inbound-parse', $2, $3, now(), $4, $5, $6, $7, 'interested', '{}'::jsonb, 'applied') RETURNING id::text, received_at`,
    [batch.id, kind, `reply:it-notice:${randomUUID()}`, e.email, e.enrolmentId, e.campaignId, e.leadId],
  );
  await db.query(
    `INSERT INTO engagement.replies (inbox_id, message_id, from_address, subject, visible_text, reply_class, auto_reply, owner_notice_claimed_at)
     VALUES ($1, $2, $3, 'Re: Quick question', $4, 'interested', $5, $6)`,
    [row.id, `<${randomUUID()}@acme.it.example>`, e.email, 'Yes <b>please</b>, call me.', kind !== 'reply', claimedAt],
  );
  return {
    id: row.id,
    source: 'inbound-parse',
    kind,
    sgEventId: null,
    occurredAt: new Date(),
    receivedAt: new Date(row.received_at),
    email: e.email,
    sgMessageId: null,
    ledgerKey: null,
    enrolmentId: e.enrolmentId,
    campaignId: e.campaignId,
    leadId: e.leadId,
    mailboxId: e.mailboxId,
    step: null,
    bounceType: null,
    detail: 'interested',
    userAgent: null,
    machine: false,
    machineReason: null,
    payload: {},
    state: 'pending',
    effects: {},
    attempts: 0,
    enrolment: e,
  };
}

async function notices(inboxId: string): Promise<Array<{ to: Array<{ email: string }>; subject: string; html?: string; text?: string }>> {
  const res = await fetch(`${testStack().sendgridUrl}/__sandbox/messages?custom_arg.inbox_id=${inboxId}`);
  return ((await res.json()) as { messages: Array<{ to: Array<{ email: string }>; subject: string; html?: string; text?: string }> }).messages;
}
const stamps = async (inboxId: string) =>
  (await db.query(`SELECT owner_notice_claimed_at AS claimed, owner_notified_at AS notified FROM engagement.replies WHERE inbox_id = $1`, [inboxId]))[0] as { claimed: Date | null; notified: Date | null };

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  db = new DataSource({ type: 'postgres', url: testStack().databaseUrl });
  await db.initialize();
});
afterAll(async () => {
  await db?.destroy();
});

describe("the owner's notice of a reply", () => {
  const effect = () => new OwnerNoticeEffect(db, sendgridNoticeSender({ SENDGRID_API_KEY: undefined, SENDGRID_BASE_URL: testStack().sendgridUrl }), from);

  it('goes to the owner once, with the lead, campaign, class and the escaped text; a second run sends nothing', async () => {
    const row = await storedReply(enrolment());
    expect(effect().appliesTo(row)).toBe(true);
    expect(await effect().apply(row)).toEqual({ notified: true, at: expect.any(String) });
    const sent = await notices(row.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to[0]!.email).toBe(owner);
    expect(sent[0]!.subject).toBe(`Lead ${row.leadId} interested (campaign it-notice): Re: Quick question`);
    expect(sent[0]!.html).toContain('Yes &lt;b&gt;please&lt;/b&gt;, call me.');
    expect(sent[0]!.text).toContain('Campaign: it-notice');
    expect((await stamps(row.id)).notified).not.toBeNull();

    expect(await effect().apply(row)).toEqual({ notified: true, at: expect.any(String) });
    expect(await notices(row.id)).toHaveLength(1);
  });

  it('falls back to the sending mailbox, and records "no owner address" when there is none', async () => {
    const row = await storedReply(enrolment({ ownerEmail: null }));
    await effect().apply(row);
    expect((await notices(row.id))[0]!.to[0]!.email).toBe('sender@mb-notice.example');
    const none = await storedReply(enrolment({ ownerEmail: null, mailboxAddress: null }));
    expect(await effect().apply(none)).toEqual({ notified: false, reason: 'no owner address' });
    expect(await stamps(none.id)).toEqual({ claimed: null, notified: null });
  });

  it('a claim without a stamp (an attempt that crashed after claiming) is recorded as in doubt and never sent again', async () => {
    const row = await storedReply(enrolment(), 'reply', new Date(Date.now() - 60_000));
    expect(await effect().apply(row)).toEqual({ notified: null, reason: expect.stringContaining('notice in doubt') });
    expect(await notices(row.id)).toHaveLength(0);
  });

  it('a send that certainly failed gives the claim back; the retry sends it once', async () => {
    const row = await storedReply(enrolment());
    const down = new OwnerNoticeEffect(db, sendgridNoticeSender({ SENDGRID_API_KEY: undefined, SENDGRID_BASE_URL: `http://127.0.0.1:${await closedPort()}` }), from);
    await expect(down.apply(row)).rejects.toBeDefined();
    expect(await stamps(row.id)).toEqual({ claimed: null, notified: null });
    await effect().apply(row);
    expect(await notices(row.id)).toHaveLength(1);
  });

  it('is not for out-of-office notices, other auto-replies or unmatched rows', async () => {
    const ooo = await storedReply(enrolment(), 'out_of_office');
    expect(effect().appliesTo(ooo)).toBe(false);
    expect(effect().appliesTo({ ...ooo, kind: 'auto_reply' })).toBe(false);
    expect(effect().appliesTo({ ...ooo, kind: 'reply', enrolment: null })).toBe(false);
    expect(effect().appliesTo({ ...ooo, kind: 'open', source: 'event-webhook' })).toBe(false);
  });
});
