import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engagement inbox: every event SendGrid posted and every reply Inbound Parse delivered, written and committed
 * before the webhook answers, then drained by the signaller (after commit, so a Temporal or nurture outage loses
 * nothing). Lead, enrolment and mailbox ids come from nurture; no foreign key crosses a service.
 */
export class EngagementInitial1765200000000 implements MigrationInterface {
  name = 'EngagementInitial1765200000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per verified request, kept for audit and for the replay tests (what arrived, when, how big).
    await q.query(`
      CREATE TABLE engagement.received_batches (
        id bigserial PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('event-webhook', 'inbound-parse')),
        received_at timestamptz NOT NULL DEFAULT now(),
        -- The signed timestamp header (event webhook); a late genuine batch is a retry and still counts.
        signed_at timestamptz,
        body_sha256 text NOT NULL,
        body_bytes integer NOT NULL CHECK (body_bytes >= 0),
        items integer NOT NULL CHECK (items >= 0),
        accepted integer NOT NULL CHECK (accepted >= 0),
        duplicates integer NOT NULL CHECK (duplicates >= 0)
      )`);

    // Dedupe twice: on SendGrid's sg_event_id, and on a content key (the same event re-posted under a new
    // sg_event_id). Replies: sg_event_id is NULL and the content key is derived from the reply's Message-ID.
    await q.query(`
      CREATE TABLE engagement.inbox (
        id bigserial PRIMARY KEY,
        batch_id bigint NOT NULL REFERENCES engagement.received_batches(id),
        source text NOT NULL CHECK (source IN ('event-webhook', 'inbound-parse')),
        kind text NOT NULL CHECK (kind IN ('processed', 'delivered', 'deferred', 'open', 'click', 'bounce', 'dropped',
          'spamreport', 'unsubscribe', 'group_unsubscribe', 'reply', 'out_of_office', 'auto_reply')),
        sg_event_id text UNIQUE,
        content_key text NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        -- Lower-case; needed to suppress an address. Never logged.
        email text,
        sg_message_id text,
        -- From custom_args (events) or the matched reply token / Message-ID (replies); the signaller fills lead_id,
        -- mailbox_id and the rest from nurture when it resolves the enrolment.
        ledger_key text,
        enrolment_id uuid,
        campaign_id text,
        lead_id uuid,
        mailbox_id text,
        step integer CHECK (step >= 0),
        bounce_type text CHECK (bounce_type IN ('hard', 'soft')),
        -- Clicked URL, bounce or drop reason, reply class: what a person reads on the journey.
        detail text,
        user_agent text,
        machine boolean NOT NULL DEFAULT false,
        machine_reason text,
        payload jsonb NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'parked')),
        parked_reason text,
        -- Effects already done ({ "signal": "...", "suppressed": true, "scored": true, ... }): a retry skips them.
        effects jsonb NOT NULL DEFAULT '{}'::jsonb,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        applied_at timestamptz
      )`);
    // The signaller's queue: pending rows due now, oldest first.
    await q.query(`CREATE INDEX inbox_pending_idx ON engagement.inbox (next_attempt_at, id) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX inbox_lead_idx ON engagement.inbox (lead_id, occurred_at) WHERE lead_id IS NOT NULL`);
    await q.query(`CREATE INDEX inbox_enrolment_idx ON engagement.inbox (enrolment_id) WHERE enrolment_id IS NOT NULL`);
    await q.query(`CREATE INDEX inbox_parked_idx ON engagement.inbox (received_at, id) WHERE state = 'parked'`);
    // Mailbox health: deliveries, bounces and spam reports of the last days per mailbox.
    await q.query(`CREATE INDEX inbox_mailbox_idx ON engagement.inbox (mailbox_id, kind, occurred_at) WHERE mailbox_id IS NOT NULL`);
    // The scanner rule compares an open or click with its message's delivery.
    await q.query(`CREATE INDEX inbox_message_idx ON engagement.inbox (sg_message_id, kind) WHERE sg_message_id IS NOT NULL`);

    // What a reply said, beside its inbox row: the raw post for a person when it is parked, the stripped text and
    // its class when it matched.
    await q.query(`
      CREATE TABLE engagement.replies (
        inbox_id bigint PRIMARY KEY REFERENCES engagement.inbox(id),
        message_id text,
        from_address text NOT NULL,
        to_addresses text[] NOT NULL DEFAULT '{}',
        subject text NOT NULL DEFAULT '',
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        raw_text text NOT NULL DEFAULT '',
        visible_text text NOT NULL DEFAULT '',
        reply_class text NOT NULL CHECK (reply_class IN ('interested', 'not_interested', 'out_of_office', 'unsubscribe_request', 'other')),
        auto_reply boolean NOT NULL DEFAULT false,
        out_of_office_until timestamptz,
        matched_by text CHECK (matched_by IN ('reply-token', 'message-id')),
        -- At most one owner notice per reply: claimed before the send, stamped after.
        owner_notice_claimed_at timestamptz,
        owner_notified_at timestamptz
      )`);

    // Mailboxes this service asked nurture to pause, so it asks once per episode and the status can say why.
    await q.query(`
      CREATE TABLE engagement.mailbox_pauses (
        mailbox_id text NOT NULL,
        paused_at timestamptz NOT NULL DEFAULT now(),
        reason text NOT NULL,
        health jsonb NOT NULL,
        acknowledged boolean NOT NULL DEFAULT false,
        PRIMARY KEY (mailbox_id, paused_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['mailbox_pauses', 'replies', 'inbox', 'received_batches']) await q.query(`DROP TABLE IF EXISTS engagement.${t}`);
  }
}
