import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nurture owns what sending needs in one place: sequences and templates (versioned, per campaign), sending
 * mailboxes, the campaign's nurture settings, the enrolments, the send ledger and the global suppression list
 * (moved here from qualification: the suppression check must share a transaction with the ledger claim).
 * Lead ids come from harvest, campaign ids from the API; no foreign key crosses a service.
 */
export class NurtureInitial1765100000000 implements MigrationInterface {
  name = 'NurtureInitial1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE nurture.campaign_settings (
        campaign_id text PRIMARY KEY,
        state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'stopped')),
        state_reason text,
        time_zone text NOT NULL DEFAULT 'UTC',
        send_window jsonb NOT NULL,
        blackout_dates jsonb NOT NULL DEFAULT '[]'::jsonb,
        jitter_seconds integer NOT NULL DEFAULT 600 CHECK (jitter_seconds BETWEEN 0 AND 3600),
        -- NULL: derived from the campaign's mailboxes and the sequence cadence.
        daily_new_lead_limit integer CHECK (daily_new_lead_limit >= 0),
        postal_address text,
        unsubscribe_mailto text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE nurture.templates (
        campaign_id text NOT NULL,
        id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        version integer NOT NULL CHECK (version >= 1),
        subject text NOT NULL,
        html text NOT NULL,
        text text,
        -- { "firstName": "there" }: used when the lead lacks the field; a field with no fallback holds the step.
        fallbacks jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, id, version)
      )`);

    // steps: [{ businessDays, variants: [{ id, templateId, weight }], newThread? }]
    await q.query(`
      CREATE TABLE nurture.sequences (
        campaign_id text NOT NULL,
        id text NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        version integer NOT NULL CHECK (version >= 1),
        name text NOT NULL,
        steps jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, id, version)
      )`);

    // Caps hold per mailbox across campaigns; warm-up: the daily cap starts at warmup_start_cap and grows by
    // warmup_daily_increase a day from warmup_started_on until daily_cap.
    await q.query(`
      CREATE TABLE nurture.mailboxes (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        address text NOT NULL UNIQUE,
        display_name text NOT NULL,
        owner_id text,
        daily_cap integer NOT NULL CHECK (daily_cap >= 0),
        hourly_cap integer NOT NULL CHECK (hourly_cap >= 0),
        min_spacing_seconds integer NOT NULL DEFAULT 0 CHECK (min_spacing_seconds >= 0),
        warmup_started_on date,
        warmup_start_cap integer CHECK (warmup_start_cap >= 0),
        warmup_daily_increase integer CHECK (warmup_daily_increase >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE nurture.campaign_mailboxes (
        campaign_id text NOT NULL,
        mailbox_id text NOT NULL REFERENCES nurture.mailboxes(id),
        weight integer NOT NULL DEFAULT 1 CHECK (weight >= 1),
        PRIMARY KEY (campaign_id, mailbox_id)
      )`);

    await q.query(`
      CREATE TABLE nurture.enrolments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id text NOT NULL,
        lead_id uuid NOT NULL,
        email text NOT NULL,
        display_name text NOT NULL,
        owner_id text,
        tier text NOT NULL CHECK (tier IN ('hot', 'warm', 'cool', 'cold')),
        score integer NOT NULL DEFAULT 0,
        sequence_id text NOT NULL,
        sequence_version integer,
        mailbox_id text REFERENCES nurture.mailboxes(id),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'admitted', 'waiting', 'sending', 'held', 'paused',
          'completed', 'replied', 'opted-out', 'bounced', 'suppressed', 'stopped')),
        current_step integer NOT NULL DEFAULT 0,
        next_send_at timestamptz,
        hold_reason text,
        last_decision text,
        -- Matches replies (Reply-To: reply+<token>@…) without putting anything personal in an address.
        reply_token text NOT NULL UNIQUE DEFAULT replace(gen_random_uuid()::text, '-', ''),
        queued_at timestamptz NOT NULL DEFAULT now(),
        admitted_on date,
        admitted_run_id text,
        started_at timestamptz,
        ended_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT enrolments_one_per_lead UNIQUE (campaign_id, lead_id)
      )`);
    // Admission: the queue in score then tier order; the partial index holds only waiting leads.
    await q.query(`CREATE INDEX enrolments_queue_idx ON nurture.enrolments (campaign_id, score DESC, queued_at, id) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX enrolments_admitted_idx ON nurture.enrolments (campaign_id, admitted_on) WHERE admitted_on IS NOT NULL`);
    await q.query(`CREATE INDEX enrolments_email_idx ON nurture.enrolments (lower(email))`);
    await q.query(`CREATE INDEX enrolments_lead_idx ON nurture.enrolments (lead_id)`);

    // One row per (enrolment, step): a step is claimed once and never sent twice. ledger_key
    // "<enrolment>/<step>/<variant>" travels in SendGrid custom_args so events and the activity lookup reconcile.
    await q.query(`
      CREATE TABLE nurture.send_ledger (
        enrolment_id uuid NOT NULL REFERENCES nurture.enrolments(id),
        step integer NOT NULL CHECK (step >= 0),
        variant text,
        ledger_key text NOT NULL UNIQUE,
        mailbox_id text NOT NULL REFERENCES nurture.mailboxes(id),
        status text NOT NULL CHECK (status IN ('claimed', 'sent', 'unknown', 'failed')),
        message_id text NOT NULL UNIQUE,
        provider_message_id text,
        scheduled_for timestamptz NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 1,
        reason text,
        -- The rendered subject: follow-ups thread under the first step's subject as it was sent.
        subject text,
        PRIMARY KEY (enrolment_id, step)
      )`);
    // Rolling caps count a mailbox's claims in the last 24 h / hour.
    await q.query(`CREATE INDEX send_ledger_mailbox_idx ON nurture.send_ledger (mailbox_id, claimed_at) WHERE status <> 'failed'`);
    await q.query(`CREATE INDEX send_ledger_unsettled_idx ON nurture.send_ledger (claimed_at) WHERE status IN ('claimed', 'unknown')`);

    await q.query(`
      CREATE TABLE nurture.suppressions (
        kind text NOT NULL CHECK (kind IN ('address', 'domain')),
        value text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, value)
      )`);
    await q.query(`CREATE INDEX suppressions_created_idx ON nurture.suppressions (created_at, kind, value)`);
    await q.query(`
      CREATE TABLE nurture.suppression_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action text NOT NULL CHECK (action IN ('added', 'removed')),
        kind text NOT NULL,
        value text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX suppression_events_value_idx ON nurture.suppression_events (kind, value, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['suppression_events', 'suppressions', 'send_ledger', 'enrolments', 'campaign_mailboxes', 'mailboxes', 'sequences', 'templates', 'campaign_settings']) {
      await q.query(`DROP TABLE IF EXISTS nurture.${t}`);
    }
  }
}
