import type { DataSource } from 'typeorm';
import { CAMPAIGN_ID_PATTERN, type TemplateDefinition } from '#libs/contracts';
import { normaliseEmail } from '#libs/lead-intake';
import { ComplianceError, complianceHeaders, newMessageId, renderStep, replyToAddress, signUnsubscribeToken, TemplateError, type LeadMergeFields } from '#libs/nurture-templates';
import { mergeFieldsOf, SAMPLE_MERGE_FIELDS } from './lead-merge.js';
import { classifySendFailure } from './provider-failure.js';
import type { SendgridGateway } from './sendgrid-gateway.js';
import { SendingError } from './sending-errors.js';
import { rows } from './sql.js';
import type { LeadFactsSource, SenderConfig } from './step-sender.js';
import { unsubscribeUrl as unsubscribeLink } from '../suppressions/unsubscribe-token.js';

/** Previews and test sends carry an unsubscribe link like every send; this enrolment id matches no one. */
const NO_ENROLMENT = '00000000-0000-0000-0000-000000000000';
const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PreviewAnswer =
  | {
      kind: 'rendered';
      campaignId: string;
      templateId: string;
      templateVersion: number;
      leadId: string | null;
      subject: string;
      html: string;
      text: string;
      headers: Record<string, string>;
      replyTo: string;
      usedFallbacks: string[];
      missingFields: [];
    }
  | { kind: 'missing'; campaignId: string; templateId: string; templateVersion: number; leadId: string | null; missingFields: string[]; reason: string };

export interface TestSendAnswer {
  to: string;
  mailboxId: string;
  subject: string;
  providerMessageId: string | null;
}

/**
 * A template rendered for a chosen lead (nothing sent, nothing claimed), and a test send of it to a given address.
 * Test sends leave through the campaign's first mailbox with "[TEST] " in the subject; they are not on the ledger
 * and do not count toward the mailbox's caps: they go to the team's own addresses one click at a time, and
 * counting them would push real leads' steps to later slots for a person's proofreading.
 */
export class TemplatePreview {
  constructor(
    private readonly db: DataSource,
    private readonly leads: LeadFactsSource,
    private readonly sendgrid: SendgridGateway,
    private readonly config: SenderConfig,
  ) {}

  async preview(campaignId: string, templateId: string, body: unknown): Promise<PreviewAnswer> {
    checkIds(campaignId, templateId);
    const leadId = optionalLeadId(body, true);
    return this.render(campaignId, templateId, leadId, (await this.firstMailbox(campaignId))?.display_name ?? null);
  }

  async testSend(campaignId: string, templateId: string, body: unknown): Promise<TestSendAnswer> {
    checkIds(campaignId, templateId);
    const raw = (body as { to?: unknown } | null)?.to;
    const to = typeof raw === 'string' ? normaliseEmail(raw) : null;
    if (!to?.ok) throw new SendingError('invalid_preview_request', 'to must be an email address', [{ field: 'to', message: to ? to.reason : 'required' }]);
    const leadId = optionalLeadId(body, false);
    const mailbox = await this.firstMailbox(campaignId);
    if (!mailbox) throw new SendingError('no_campaign_mailbox', `campaign ${campaignId} has no active mailbox that is not paused to send a test from`);
    const rendered = await this.render(campaignId, templateId, leadId, mailbox.display_name);
    if (rendered.kind === 'missing') {
      throw new SendingError('template_fields_missing', rendered.reason, rendered.missingFields.map((f) => ({ field: f, message: 'empty and no fallback' })));
    }
    const subject = `[TEST] ${rendered.subject}`;
    try {
      const { providerMessageId } = await this.sendgrid.send({
        from: { email: mailbox.address, name: mailbox.display_name },
        to: { email: to.email },
        subject,
        content: [
          { type: 'text/plain', value: rendered.text },
          { type: 'text/html', value: rendered.html },
        ],
        headers: rendered.headers,
        customArgs: { test_send: 'true', campaign_id: campaignId, template_id: templateId },
        categories: [campaignId, 'test-send'],
      });
      return { to: to.email, mailboxId: mailbox.id, subject, providerMessageId };
    } catch (err) {
      throw new SendingError('test_send_failed', `SendGrid did not take the test send: ${classifySendFailure(err, Date.now()).reason}`);
    }
  }

  /** The campaign's first active mailbox (highest weight, then id): test sends leave from it; a paused one sends nothing. */
  private async firstMailbox(campaignId: string): Promise<{ id: string; address: string; display_name: string } | null> {
    const found = await rows<{ id: string; address: string; display_name: string }>(
      this.db,
      `SELECT m.id, m.address, m.display_name FROM nurture.campaign_mailboxes cm JOIN nurture.mailboxes m ON m.id = cm.mailbox_id
        WHERE cm.campaign_id = $1 AND m.active AND m.paused_at IS NULL ORDER BY cm.weight DESC, m.id LIMIT 1`,
      [campaignId],
    );
    return found[0] ?? null;
  }

  private async render(campaignId: string, templateId: string, leadId: string | null, mailboxName: string | null): Promise<PreviewAnswer> {
    const template = (await rows<TemplateDefinition & { version: number }>(
      this.db,
      `SELECT id, version, subject, html, text, fallbacks FROM nurture.templates WHERE campaign_id = $1 AND id = $2 ORDER BY version DESC LIMIT 1`,
      [campaignId, templateId],
    ))[0];
    if (!template) throw new SendingError('template_not_found', `template ${templateId} not found in campaign ${campaignId}`);
    const settings = (await rows<{ postal_address: string | null; unsubscribe_mailto: string | null }>(this.db, `SELECT postal_address, unsubscribe_mailto FROM nurture.campaign_settings WHERE campaign_id = $1`, [campaignId]))[0];
    if (!settings?.postal_address) throw new SendingError('postal_address_missing', `campaign ${campaignId} has no postal address; every send prints one`);
    let lead: LeadMergeFields = SAMPLE_MERGE_FIELDS;
    if (leadId) {
      const facts = (await this.leads.byIds([leadId]))[0];
      if (!facts) throw new SendingError('lead_not_found', `lead ${leadId} not found`);
      lead = mergeFieldsOf(facts, mailboxName);
    }
    const unsubscribeUrl = unsubscribeLink(this.config.PUBLIC_API_URL, signUnsubscribeToken(this.config.UNSUBSCRIBE_SECRET, { enrolmentId: NO_ENROLMENT }));
    let out: ReturnType<typeof renderStep>;
    let compliance: Record<string, string>;
    try {
      out = renderStep({ template, lead, compliance: { unsubscribeUrl, postalAddress: settings.postal_address } });
      compliance = complianceHeaders({ unsubscribeUrl, unsubscribeMailto: settings.unsubscribe_mailto });
    } catch (err) {
      if (err instanceof TemplateError) throw new SendingError('template_invalid', err.message);
      if (err instanceof ComplianceError) throw new SendingError('compliance_refused', err.message);
      throw err;
    }
    const base = { campaignId, templateId, templateVersion: template.version, leadId };
    if (out.kind === 'missing') return { kind: 'missing', ...base, missingFields: out.fields, reason: out.reason };
    return {
      kind: 'rendered',
      ...base,
      subject: out.subject,
      html: out.html,
      text: out.text,
      headers: {
        'Message-ID': newMessageId(`preview/${campaignId}/${templateId}`, this.config.NURTURE_MESSAGE_ID_DOMAIN),
        ...compliance,
      },
      // Reply-To is a Mail Send field, not a header; a real send puts the enrolment's reply token in it.
      replyTo: replyToAddress({ token: 'preview', replyDomain: this.config.NURTURE_REPLY_DOMAIN }),
      usedFallbacks: out.usedFallbacks,
      missingFields: [],
    };
  }
}

function checkIds(campaignId: string, templateId: string): void {
  if (!CAMPAIGN_ID_PATTERN.test(campaignId)) throw new SendingError('invalid_preview_request', 'not a campaign id', [{ field: 'campaignId', message: 'lower-case letters, digits and dashes' }]);
  if (!TEMPLATE_ID.test(templateId)) throw new SendingError('invalid_preview_request', 'not a template id', [{ field: 'templateId', message: 'lower-case letters, digits and dashes' }]);
}

function optionalLeadId(body: unknown, required: boolean): string | null {
  const leadId = (body as { leadId?: unknown } | null)?.leadId;
  if (leadId === undefined || leadId === null) {
    if (required) throw new SendingError('invalid_preview_request', 'leadId is required', [{ field: 'leadId', message: 'required' }]);
    return null;
  }
  if (typeof leadId !== 'string' || !UUID.test(leadId)) throw new SendingError('invalid_preview_request', 'leadId must be a lead id (uuid)', [{ field: 'leadId', message: 'not a uuid' }]);
  return leadId.toLowerCase();
}
