import { randomBytes } from 'node:crypto';
import { convert } from 'html-to-text';
import { escapeHtml } from '../page.js';
import { smtpIdOf } from '../events/event-shapes.js';
import type { Address, SentMail } from '../store.js';
import { AUTO_REPLY_SUBJECT, INTERESTED_REPLY, attributionLine, outOfOfficeText, type CalendarDate, type ReplyLanguage } from './reply-texts.js';

export type ReplyKind = 'reply' | 'out-of-office';

export interface ReplyRequest {
  kind: ReplyKind;
  /** The answer's own text; defaults to an interested reply, or an out-of-office naming `until`. */
  text?: string;
  language: ReplyLanguage;
  /** Out-of-office return date. */
  until: CalendarDate;
}

export interface ReplyContext {
  at: Date;
  /** Where a reply goes when the message had no Reply-To: its From local part at this domain (the parse host). */
  replyDomain?: string;
}

/**
 * The fields of an Inbound Parse post for a lead's answer to `mail`, as SendGrid posts a parsed message (Inbound
 * Parse Webhook: headers, dkim, to, from, subject, text, html, sender_ip, envelope, charsets, SPF, spam_score,
 * spam_report). The raw header block threads the answer to the sent message (In-Reply-To / References = its
 * Message-ID) and an out-of-office carries `Auto-Submitted: auto-replied` as RFC 3834 asks of automatic answers.
 */
export function inboundParseFields(mail: SentMail, request: ReplyRequest, context: ReplyContext): Array<[string, string]> {
  const lead = mail.to[0] ?? mail.cc[0] ?? mail.bcc[0];
  if (!lead) throw new RangeError(`message ${mail.sgMessageId} has no recipient`);
  const leadDomain = lead.email.slice(lead.email.lastIndexOf('@') + 1);
  const to = replyAddress(mail, context.replyDomain);
  const sentMessageId = smtpIdOf(mail);
  const references = [header(mail, 'References'), sentMessageId].filter(Boolean).join(' ');
  const outOfOffice = request.kind === 'out-of-office';
  const subject = outOfOffice ? `${AUTO_REPLY_SUBJECT[request.language]}${mail.subject}` : /^re:/i.test(mail.subject) ? mail.subject : `Re: ${mail.subject}`;
  const answer = request.text ?? (outOfOffice ? outOfOfficeText(request.language, request.until) : INTERESTED_REPLY[request.language]);
  const date = rfc2822(context.at);
  const boundary = `0000000000${randomBytes(8).toString('hex')}`;

  const headerLines = [
    `Received: from mail-out.${leadDomain} (mail-out.${leadDomain} [198.51.100.25]) by mx.sendgrid.net with ESMTP id ${randomBytes(6).toString('hex')}; ${date}`,
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${leadDomain}; s=selector1; h=from:to:subject:date:message-id; b=sandbox`,
    'MIME-Version: 1.0',
    `From: ${formatAddress(lead)}`,
    `Date: ${date}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${leadDomain}>`,
    `In-Reply-To: ${sentMessageId}`,
    `References: ${references}`,
    `Subject: ${subject}`,
    `To: ${to}`,
    ...(outOfOffice ? ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All'] : []),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const text = outOfOffice ? answer : `${answer}\n\n${attributionLine(new Date(mail.receivedAt), formatAddress(mail.from))}\n${quote(sentText(mail))}\n`;
  const html = outOfOffice
    ? `<div dir="ltr">${paragraphs(answer)}</div>\n`
    : `<div dir="ltr">${paragraphs(answer)}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${escapeHtml(attributionLine(new Date(mail.receivedAt), formatAddress(mail.from)))}<br></div>` +
      `<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">${mail.html ?? paragraphs(mail.text ?? '')}</blockquote></div>\n`;

  return [
    ['headers', headerLines.join('\n') + '\n'],
    ['dkim', `{@${leadDomain} : pass}`],
    ['to', to],
    ['from', formatAddress(lead)],
    ['subject', subject],
    ['text', text],
    ['html', html],
    ['sender_ip', '198.51.100.25'],
    ['envelope', JSON.stringify({ to: [bareAddress(to)], from: lead.email })],
    ['charsets', JSON.stringify({ to: 'UTF-8', html: 'UTF-8', subject: 'UTF-8', from: 'UTF-8', text: 'UTF-8' })],
    ['SPF', 'pass'],
    ['spam_score', '0.1'],
    ['spam_report', 'Spam detection software, running on the system "mx.sendgrid.net", has NOT identified this incoming email as spam.\n'],
  ];
}

/** The sent message's Reply-To; else its From local part at the parse domain; else its From. */
function replyAddress(mail: SentMail, replyDomain: string | undefined): string {
  if (mail.replyTo) return formatAddress(mail.replyTo);
  if (replyDomain) return `${mail.from.email.slice(0, mail.from.email.lastIndexOf('@'))}@${replyDomain}`;
  return formatAddress(mail.from);
}

function header(mail: SentMail, name: string): string | undefined {
  return Object.entries(mail.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

function sentText(mail: SentMail): string {
  if (mail.text !== undefined) return mail.text;
  return mail.html !== undefined ? convert(mail.html, { wordwrap: false }) : '';
}

function quote(text: string): string {
  return text.replace(/\r\n/g, '\n').split('\n').map((line) => (line === '' ? '>' : `> ${line}`)).join('\n');
}

function paragraphs(text: string): string {
  return text.split(/\n{2,}/).map((p) => escapeHtml(p).replace(/\n/g, '<br>')).join('<br><br>');
}

function formatAddress(a: Address): string {
  return a.name ? `${/[",<>@()]/.test(a.name) ? JSON.stringify(a.name) : a.name} <${a.email}>` : a.email;
}

function bareAddress(formatted: string): string {
  return /<([^>]+)>\s*$/.exec(formatted)?.[1] ?? formatted;
}

/** `Sat, 05 Dec 2026 03:38:13 +0000` */
function rfc2822(at: Date): string {
  return at.toUTCString().replace(/GMT$/, '+0000');
}
