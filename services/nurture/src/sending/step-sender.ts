import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, QueryRunner } from 'typeorm';
import type { LeadFacts, NurtureStatusName, SendStepInput, SendStepOutcome, SequenceStep, TemplateDefinition } from '#libs/contracts';
import { normaliseEmail } from '#libs/lead-intake';
import { nextSlotThatFits, type MailboxCaps } from '#libs/mailbox-capacity';
import {
  chooseVariant,
  complianceHeaders,
  ComplianceError,
  newMessageId,
  renderStep,
  replyToAddress,
  signUnsubscribeToken,
  TemplateError,
  threadHeaders,
  threadSubject,
} from '#libs/nurture-templates';
import { unsubscribeUrl as unsubscribeLink } from '../suppressions/unsubscribe-token.js';
import type { ChaosCrash } from './chaos-crash.js';
import { decideClaim, sentOutcome, unknownOutcome, type LedgerRow } from './claim-decision.js';
import { mergeFieldsOf } from './lead-merge.js';
import { classifySendFailure } from './provider-failure.js';
import type { ActivityAnswer, SendgridGateway } from './sendgrid-gateway.js';
import { DEVELOPMENT_UNSUBSCRIBE_SECRET, type SendingConfig } from './sending.config.js';
import { inTransaction, rows } from './sql.js';
import { ledgerKeyOf, stepMail } from './step-mail.js';

/** Where the lead's current fields come from (harvest's internal route in the service). */
export interface LeadFactsSource {
  byIds(ids: readonly string[]): Promise<LeadFacts[]>;
}

export type SenderConfig = Pick<SendingConfig, 'NURTURE_SEND_SETTLE_SECONDS' | 'NURTURE_REPLY_DOMAIN' | 'NURTURE_MESSAGE_ID_DOMAIN' | 'PUBLIC_API_URL'> &
  Partial<Pick<SendingConfig, 'NURTURE_MAILBOX_PAUSE_RECHECK_SECONDS'>> & {
  /** Resolved: the configured secret, or the development one (see unsubscribeSecretRequired). */
  UNSUBSCRIBE_SECRET: string;
};

export function senderConfigOf(config: SendingConfig): SenderConfig {
  return { ...config, UNSUBSCRIBE_SECRET: config.UNSUBSCRIBE_SECRET ?? DEVELOPMENT_UNSUBSCRIBE_SECRET };
}

interface EnrolmentRow {
  id: string;
  campaign_id: string;
  lead_id: string;
  email: string;
  display_name: string;
  status: NurtureStatusName;
  sequence_id: string;
  sequence_version: number | null;
  mailbox_id: string | null;
  reply_token: string;
  mailbox_address: string | null;
  mailbox_name: string | null;
}

interface MailboxRow {
  daily_cap: number;
  hourly_cap: number;
  min_spacing_seconds: number;
  warmup_started_on: string | null;
  warmup_start_cap: number | null;
  warmup_daily_increase: number | null;
  active: boolean;
  paused_at: Date | null;
  paused_reason: string | null;
}

/** A step rendered for its lead, ready to claim and send. */
interface PreparedStep {
  variant: string | null;
  subject: string;
  html: string;
  text: string;
  newThread: boolean;
  /** List-Unsubscribe and List-Unsubscribe-Post. */
  compliance: Record<string, string>;
}

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The shortest wait between two looks at the Email Activity API for one claim. */
const MIN_SETTLE_RETRY_MS = 2_000;
const DEFAULT_PAUSE_RECHECK_SECONDS = 3600;

export function mailboxCapsOf(m: Omit<MailboxRow, 'paused_at' | 'paused_reason'>): MailboxCaps {
  return {
    dailyCap: m.daily_cap,
    hourlyCap: m.hourly_cap,
    minSpacingSeconds: m.min_spacing_seconds,
    warmup:
      m.warmup_started_on && m.warmup_start_cap !== null && m.warmup_daily_increase !== null
        ? { startedOn: m.warmup_started_on, startCap: m.warmup_start_cap, dailyIncrease: m.warmup_daily_increase }
        : null,
  };
}

/**
 * Sends one step of one enrolment exactly once. The claim (suppression, campaign state, mailbox pause, ledger row, mailbox slot)
 * is one transaction under the mailbox's row lock, so senders on any number of workers take a mailbox's slots one
 * at a time; the ledger row then decides every retry: sent → the recorded outcome, claimed → ask SendGrid, never
 * send again.
 */
export class StepSender {
  constructor(
    private readonly db: DataSource,
    private readonly leads: LeadFactsSource,
    private readonly sendgrid: SendgridGateway,
    private readonly config: SenderConfig,
    private readonly crash: ChaosCrash,
  ) {}

  async send(input: SendStepInput): Promise<SendStepOutcome> {
    if (!UUID.test(input.enrolmentId)) return { kind: 'refused', status: 'stopped', reason: `enrolment ${input.enrolmentId} not found` };
    const enrolment = (await rows<EnrolmentRow>(this.db, ENROLMENT_SQL, [input.enrolmentId]))[0];
    if (!enrolment) return { kind: 'refused', status: 'stopped', reason: `enrolment ${input.enrolmentId} not found` };
    const recorded = (await rows<LedgerRow>(this.db, `SELECT * FROM nurture.send_ledger WHERE enrolment_id = $1 AND step = $2`, [enrolment.id, input.step]))[0];

    // Render before any claim: a lead that cannot be rendered holds without taking a mailbox slot.
    let prepared: PreparedStep | null = null;
    if (!recorded || recorded.status === 'failed') {
      const p = await this.prepare(enrolment, input);
      if ('held' in p) return { kind: 'held', reason: p.held, retryAt: new Date(Date.now() + DAY_MS).toISOString() };
      prepared = p;
    }
    if (!enrolment.mailbox_id || !enrolment.mailbox_address) {
      return { kind: 'held', reason: 'no sending mailbox assigned to this enrolment', retryAt: new Date(Date.now() + DAY_MS).toISOString() };
    }
    const mailboxId = enrolment.mailbox_id;

    this.crash.at('before-claim');
    const decided = await inTransaction(this.db, (q) => this.claim(q, enrolment, mailboxId, input, prepared));
    if ('outcome' in decided) return decided.outcome;
    if ('reconcile' in decided) return this.reconcile(decided.reconcile);
    this.crash.at('after-claim');
    return this.deliver(enrolment, decided.claimed, prepared!, input);
  }

  /** The lead's step rendered, or why it cannot be (missing field, template or postal address). */
  private async prepare(e: EnrolmentRow, input: SendStepInput): Promise<PreparedStep | { held: string }> {
    const steps = await this.sequenceSteps(e);
    const step = steps?.[input.step];
    if (!steps || !step) return { held: `sequence ${e.sequence_id} v${e.sequence_version ?? '?'} has no step ${input.step + 1}` };
    const variant = chooseVariant(step.variants, `${e.id}/${input.step}`);
    const template = await this.template(e.campaign_id, variant.templateId);
    if (!template) return { held: `template ${variant.templateId} not found` };
    const settings = (await rows<{ postal_address: string | null; unsubscribe_mailto: string | null }>(this.db, `SELECT postal_address, unsubscribe_mailto FROM nurture.campaign_settings WHERE campaign_id = $1`, [e.campaign_id]))[0];
    if (!settings?.postal_address) return { held: `campaign ${e.campaign_id} has no postal address (required in every send)` };
    const facts = (await this.leads.byIds([e.lead_id]))[0];
    if (!facts) return { held: `lead ${e.lead_id} not found in harvest` };

    const unsubscribeUrl = unsubscribeLink(this.config.PUBLIC_API_URL, signUnsubscribeToken(this.config.UNSUBSCRIBE_SECRET, { enrolmentId: e.id }));
    let rendered: ReturnType<typeof renderStep>;
    let compliance: Record<string, string>;
    try {
      rendered = renderStep({ template, lead: mergeFieldsOf(facts, e.mailbox_name), compliance: { unsubscribeUrl, postalAddress: settings.postal_address } });
      compliance = complianceHeaders({ unsubscribeUrl, unsubscribeMailto: settings.unsubscribe_mailto });
    } catch (err) {
      // A template or setting a person must fix: the step waits for them, it never goes out half-compliant.
      if (err instanceof TemplateError || err instanceof ComplianceError) return { held: err.message };
      throw err;
    }
    if (rendered.kind === 'missing') return { held: rendered.reason };

    const newThread = input.step === 0 || step.newThread === true;
    let subject = rendered.subject;
    if (!newThread) {
      const first = (await rows<{ subject: string | null }>(this.db, `SELECT subject FROM nurture.send_ledger WHERE enrolment_id = $1 AND step = 0`, [e.id]))[0];
      subject = threadSubject(first?.subject ?? rendered.subject, rendered.subject, false);
    }
    return { variant: variant.id, subject, html: rendered.html, text: rendered.text, newThread, compliance };
  }

  private async sequenceSteps(e: EnrolmentRow): Promise<SequenceStep[] | null> {
    const found = await rows<{ steps: SequenceStep[] }>(
      this.db,
      `SELECT steps FROM nurture.sequences WHERE campaign_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3) ORDER BY version DESC LIMIT 1`,
      [e.campaign_id, e.sequence_id, e.sequence_version],
    );
    return found[0]?.steps ?? null;
  }

  private async template(campaignId: string, templateId: string): Promise<TemplateDefinition | null> {
    const found = await rows<{ id: string; subject: string; html: string; text: string | null; fallbacks: Record<string, string> }>(
      this.db,
      `SELECT id, subject, html, text, fallbacks FROM nurture.templates WHERE campaign_id = $1 AND id = $2 ORDER BY version DESC LIMIT 1`,
      [campaignId, templateId],
    );
    return found[0] ?? null;
  }

  /** The claim transaction. The mailbox row lock comes first: every sender of this mailbox waits here in turn. */
  private async claim(
    q: QueryRunner,
    e: EnrolmentRow,
    mailboxId: string,
    input: SendStepInput,
    prepared: PreparedStep | null,
  ): Promise<{ outcome: SendStepOutcome } | { reconcile: LedgerRow } | { claimed: LedgerRow }> {
    const mailbox = (await rows<MailboxRow>(q, `SELECT daily_cap, hourly_cap, min_spacing_seconds, warmup_started_on::text, warmup_start_cap, warmup_daily_increase, active, paused_at, paused_reason FROM nurture.mailboxes WHERE id = $1 FOR UPDATE`, [mailboxId]))[0];
    if (!mailbox) return { outcome: { kind: 'held', reason: `mailbox ${mailboxId} not found`, retryAt: new Date(Date.now() + DAY_MS).toISOString() } };
    // Read after the lock (now() is the transaction's start, before the wait): claims stay in lock order.
    const nowMs = Number((await rows<{ ms: string }>(q, `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8::text AS ms`))[0]!.ms);
    const existing = (await rows<LedgerRow>(q, `SELECT * FROM nurture.send_ledger WHERE enrolment_id = $1 AND step = $2 FOR UPDATE`, [e.id, input.step]))[0] ?? null;
    const campaign = (await rows<{ state: 'active' | 'paused' | 'stopped'; state_reason: string | null }>(q, `SELECT state, state_reason FROM nurture.campaign_settings WHERE campaign_id = $1`, [e.campaign_id]))[0];
    const status = (await rows<{ status: NurtureStatusName }>(q, `SELECT status FROM nurture.enrolments WHERE id = $1`, [e.id]))[0]!.status;
    const address = normaliseEmail(e.email);
    const [addressValue, domainValue] = address.ok ? [address.email, address.domain] : [e.email.toLowerCase(), e.email.toLowerCase().split('@').pop() ?? ''];
    const suppression = (await rows<{ kind: 'address' | 'domain'; value: string; reason: string | null }>(q, SUPPRESSION_SQL, [addressValue, domainValue]))[0] ?? null;
    const claims = await rows<{ ms: number }>(
      q,
      `SELECT (extract(epoch FROM claimed_at) * 1000)::float8 AS ms FROM nurture.send_ledger
        WHERE mailbox_id = $1 AND status <> 'failed' AND claimed_at > to_timestamp($2 / 1000.0) - interval '24 hours' ORDER BY claimed_at`,
      [mailboxId, nowMs],
    );
    const slot = nextSlotThatFits(mailboxCapsOf(mailbox), claims.map((c) => Number(c.ms)), nowMs);
    const decision = decideClaim({
      existing,
      campaign: { state: campaign?.state ?? 'active', reason: campaign?.state_reason ?? null },
      enrolmentStatus: status,
      suppression,
      mailboxActive: mailbox.active,
      mailboxPause: mailbox.paused_at
        ? { mailboxId, reason: mailbox.paused_reason, recheckMs: (this.config.NURTURE_MAILBOX_PAUSE_RECHECK_SECONDS ?? DEFAULT_PAUSE_RECHECK_SECONDS) * 1000 }
        : null,
      slot,
      nowMs,
      scheduledForMs: Date.parse(input.scheduledFor),
    });
    if (decision.action === 'outcome') return { outcome: decision.outcome };
    if (decision.action === 'reconcile') return { reconcile: decision.row };

    if (!prepared) {
      // The row was in flight when this attempt began and has failed since: render afresh on the next attempt.
      throw ApplicationFailure.create({ message: `step ${input.step} of ${e.id} changed during this attempt; retrying`, type: 'SendRaced', nextRetryDelay: 100 });
    }
    const p = prepared;
    const ledgerKey = ledgerKeyOf(e.id, input.step, p.variant);
    const params = [e.id, input.step, p.variant, ledgerKey, mailboxId, input.scheduledFor, nowMs, p.subject];
    const claimed = decision.reclaim
      ? await rows<LedgerRow>(
          q,
          `UPDATE nurture.send_ledger SET variant = $3, ledger_key = $4, mailbox_id = $5, scheduled_for = $6, claimed_at = to_timestamp($7 / 1000.0),
                  subject = $8, status = 'claimed', attempts = attempts + 1, reason = NULL
            WHERE enrolment_id = $1 AND step = $2 AND status = 'failed' RETURNING *`,
          params,
        )
      : await rows<LedgerRow>(
          q,
          `INSERT INTO nurture.send_ledger (enrolment_id, step, variant, ledger_key, mailbox_id, scheduled_for, claimed_at, subject, status, message_id)
           VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0), $8, 'claimed', $9) RETURNING *`,
          [...params, newMessageId(ledgerKey, this.config.NURTURE_MESSAGE_ID_DOMAIN)],
        );
    return { claimed: claimed[0]! };
  }

  /** The request to SendGrid for a fresh claim, and what its answer means for the ledger row. */
  private async deliver(e: EnrolmentRow, row: LedgerRow, p: PreparedStep, input: SendStepInput): Promise<SendStepOutcome> {
    const threadUnder = p.newThread ? null : (input.threadMessageId ?? (await this.firstMessageId(e.id)));
    const mail = stepMail({
      from: { email: e.mailbox_address!, name: e.mailbox_name ?? e.mailbox_address! },
      to: { email: e.email, name: e.display_name },
      replyTo: replyToAddress({ token: e.reply_token, replyDomain: this.config.NURTURE_REPLY_DOMAIN }),
      subject: p.subject,
      html: p.html,
      text: p.text,
      headers: {
        ...threadHeaders({ messageId: row.message_id, threadMessageId: threadUnder, newThread: p.newThread }),
        ...p.compliance,
      },
      ledgerKey: row.ledger_key,
      enrolmentId: e.id,
      step: input.step,
      campaignId: e.campaign_id,
    });
    let providerMessageId: string | null;
    try {
      ({ providerMessageId } = await this.sendgrid.send(mail));
    } catch (err) {
      const failure = classifySendFailure(err, Date.now());
      if (failure.kind === 'in-doubt') {
        // The request may have been accepted: the claim stays, and the next attempt asks the Email Activity API.
        throw ApplicationFailure.create({ message: failure.reason, type: 'SendInDoubt' });
      }
      await rows(this.db, `UPDATE nurture.send_ledger SET status = 'failed', reason = $3 WHERE enrolment_id = $1 AND step = $2 AND status = 'claimed'`, [e.id, input.step, failure.reason]);
      throw ApplicationFailure.create({
        message: failure.reason,
        type: 'SendNotAccepted',
        ...(failure.retryAfterMs !== null ? { nextRetryDelay: Math.max(1000, failure.retryAfterMs) } : {}),
      });
    }
    this.crash.at('after-accept');
    this.crash.at('before-record');
    return this.recordSent(row, providerMessageId, null);
  }

  /** Sent, once and for all; a late answer from an earlier attempt also turns an `unknown` into the fact. */
  private async recordSent(row: LedgerRow, providerMessageId: string | null, note: string | null): Promise<SendStepOutcome> {
    const updated = await rows<LedgerRow>(
      this.db,
      `UPDATE nurture.send_ledger SET status = 'sent', sent_at = clock_timestamp(), provider_message_id = $3, reason = $4
        WHERE enrolment_id = $1 AND step = $2 AND status IN ('claimed', 'unknown') RETURNING *`,
      [row.enrolment_id, row.step, providerMessageId, note],
    );
    if (updated[0]) return sentOutcome(updated[0]);
    const now = (await rows<LedgerRow>(this.db, `SELECT * FROM nurture.send_ledger WHERE enrolment_id = $1 AND step = $2`, [row.enrolment_id, row.step]))[0]!;
    return now.status === 'sent' ? sentOutcome(now) : unknownOutcome(now);
  }

  /**
   * A claim from an earlier attempt that never recorded an answer: SendGrid's Email Activity decides. Found → sent;
   * not found → wait out the settle window (the API lags), then `unknown`; no access or no answer → `unknown`.
   */
  private async reconcile(row: LedgerRow): Promise<SendStepOutcome> {
    const answer: ActivityAnswer = await this.sendgrid.findByLedgerKey(row.ledger_key);
    if (answer.kind === 'found') return this.recordSent(row, answer.msgId, 'found by the Email Activity lookup after an unanswered attempt');
    if (answer.kind === 'not-found') {
      const settleMs = this.config.NURTURE_SEND_SETTLE_SECONDS * 1000;
      const waited = Date.now() - row.claimed_at.getTime();
      if (waited < settleMs) {
        throw ApplicationFailure.create({
          message: `send of ${row.ledger_key} in doubt: not in Email Activity yet; asking again within the ${this.config.NURTURE_SEND_SETTLE_SECONDS} s settle window`,
          type: 'SendSettling',
          nextRetryDelay: Math.max(MIN_SETTLE_RETRY_MS, Math.min(settleMs - waited, 30_000)),
        });
      }
      return this.markUnknown(row, `not found by the Email Activity lookup ${Math.round(waited / 1000)} s after the claim`);
    }
    return this.markUnknown(row, answer.reason);
  }

  private async markUnknown(row: LedgerRow, reason: string): Promise<SendStepOutcome> {
    const updated = await rows<LedgerRow>(
      this.db,
      `UPDATE nurture.send_ledger SET status = 'unknown', reason = $3 WHERE enrolment_id = $1 AND step = $2 AND status = 'claimed' RETURNING *`,
      [row.enrolment_id, row.step, reason],
    );
    if (updated[0]) return unknownOutcome(updated[0]);
    const now = (await rows<LedgerRow>(this.db, `SELECT * FROM nurture.send_ledger WHERE enrolment_id = $1 AND step = $2`, [row.enrolment_id, row.step]))[0]!;
    return now.status === 'sent' ? sentOutcome(now) : unknownOutcome(now);
  }

  private async firstMessageId(enrolmentId: string): Promise<string | null> {
    return (await rows<{ message_id: string }>(this.db, `SELECT message_id FROM nurture.send_ledger WHERE enrolment_id = $1 AND step = 0`, [enrolmentId]))[0]?.message_id ?? null;
  }
}

const ENROLMENT_SQL = `
  SELECT e.id, e.campaign_id, e.lead_id, e.email, e.display_name, e.status, e.sequence_id, e.sequence_version, e.mailbox_id,
         e.reply_token, m.address AS mailbox_address, m.display_name AS mailbox_name
    FROM nurture.enrolments e LEFT JOIN nurture.mailboxes m ON m.id = e.mailbox_id
   WHERE e.id = $1`;

const SUPPRESSION_SQL = `
  SELECT kind, value, reason FROM nurture.suppressions
   WHERE (kind = 'address' AND value = $1) OR (kind = 'domain' AND value = $2)
   ORDER BY kind LIMIT 1`;
