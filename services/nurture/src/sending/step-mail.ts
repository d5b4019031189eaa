import type { MailDataRequired } from '@sendgrid/mail';

export interface StepMailParts {
  from: { email: string; name: string };
  to: { email: string; name: string };
  replyTo: string;
  subject: string;
  html: string;
  text: string;
  /** Message-ID, threading and compliance headers. */
  headers: Record<string, string>;
  ledgerKey: string;
  enrolmentId: string;
  step: number;
  campaignId: string;
}

/** The ledger key: one send per (enrolment, step, variant), and what events and the activity lookup match on. */
export function ledgerKeyOf(enrolmentId: string, step: number, variant: string | null): string {
  return `${enrolmentId}/${step}/${variant ?? '-'}`;
}

/**
 * The Mail Send body of one step. custom_args and categories carry opaque ids only (they show in SendGrid's
 * reports and event webhooks, which are no place for a person's address or name).
 */
export function stepMail(p: StepMailParts): MailDataRequired {
  return {
    from: p.from,
    to: p.to,
    replyTo: p.replyTo,
    subject: p.subject,
    // text/plain first: SendGrid requires that order when both are given.
    content: [
      { type: 'text/plain', value: p.text },
      { type: 'text/html', value: p.html },
    ],
    headers: p.headers,
    customArgs: { ledger_key: p.ledgerKey, enrolment_id: p.enrolmentId, step: String(p.step), campaign_id: p.campaignId },
    categories: [p.campaignId, `step-${p.step}`],
  };
}
