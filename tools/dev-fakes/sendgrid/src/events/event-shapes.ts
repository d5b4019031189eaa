import { randomBytes } from 'node:crypto';
import type { Address, SentMail } from '../store.js';

/**
 * Event Webhook events shaped as SendGrid posts them. Field names follow SendGrid's "Event Webhook Reference"
 * (twilio.com/docs/sendgrid/for-developers/tracking-events/event): every event has email, timestamp (unix seconds),
 * event, sg_event_id, sg_message_id, smtp-id and category, plus the message's custom_args ("unique arguments") as
 * top-level fields; open: useragent, ip, sg_machine_open; click: url, url_offset, useragent, ip; bounce: type
 * ("bounce" = hard, "blocked" = soft), reason, status, bounce_classification; dropped: reason, status; deferred:
 * response, attempt; delivered: response; group_unsubscribe: asm_group_id, useragent, ip.
 */
export const EMITTED_EVENT_TYPES = ['processed', 'delivered', 'deferred', 'open', 'click', 'bounce', 'dropped', 'spamreport', 'unsubscribe', 'group_unsubscribe'] as const;
export type EmittedEventType = (typeof EMITTED_EVENT_TYPES)[number];

/** The types a person (or a spec) asks for; processed and delivered follow every accepted message on their own. */
export const ON_REQUEST_EVENT_TYPES = ['open', 'click', 'bounce', 'spamreport', 'unsubscribe', 'group_unsubscribe', 'deferred', 'dropped'] as const;
export type OnRequestEventType = (typeof ON_REQUEST_EVENT_TYPES)[number];

export type SendGridEvent = Record<string, unknown> & {
  email: string;
  timestamp: number;
  event: EmittedEventType;
  sg_event_id: string;
  sg_message_id: string;
};

export interface EventDetail {
  /** click / group_unsubscribe: the URL; a click defaults to the first link of the message. */
  url?: string;
  /** bounce: hard (type "bounce", the default) or soft (type "blocked"). */
  bounceType?: 'hard' | 'soft';
  /** open: Apple Mail Privacy Protection's proxy (sg_machine_open: true); click: a link scanner's user agent. */
  machine?: boolean;
}

// Documentation ranges (RFC 5737) for people; 17.0.0.0/8 is Apple's, whose MPP proxy fetches pixels.
const PERSON = { useragent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', ip: '203.0.113.24' };
const APPLE_MPP = { useragent: 'Mozilla/5.0', ip: '17.58.101.12' };
const LINK_SCANNER = { useragent: 'Mozilla/5.0 (compatible; SafeLinks link scanner)', ip: '40.94.29.7' };

/** SendGrid's sg_event_id: 16 random bytes in base64 (e.g. "2FeCcG5VRWpck6mKqRgnDg=="). */
export function newEventId(): string {
  return randomBytes(16).toString('base64');
}

/** Every address the personalization went to (SendGrid emits events per recipient). */
export function recipientsOf(mail: SentMail): Address[] {
  return [...mail.to, ...mail.cc, ...mail.bcc];
}

/**
 * SendGrid's sg_message_id is the Mail Send answer's X-Message-Id, then `.filterdrecv-…` naming the filter that
 * handled that recipient, e.g. `14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0`. Stable per message and
 * recipient, so all events of one recipient's copy share it.
 */
export function sgMessageIdFor(mail: SentMail, recipientIndex: number): string {
  const personalization = mail.sgMessageId.slice(mail.xMessageId.length + 1) || '0';
  const stamp = Math.floor(Date.parse(mail.receivedAt) / 1000).toString(16).toUpperCase();
  return `${mail.xMessageId}.filterdrecv-sandbox-${personalization}-${stamp}-${recipientIndex}.0`;
}

/** SendGrid's smtp-id is the message's Message-ID header; without one, the id its MTA gave the message. */
export function smtpIdOf(mail: SentMail): string {
  const header = Object.entries(mail.headers).find(([k]) => k.toLowerCase() === 'message-id')?.[1];
  return header ?? `<${mail.xMessageId}@geopod-ismtpd-sandbox>`;
}

/** The link a click follows by default: the first one in the message that is not its unsubscribe link. */
export function firstLinkOf(mail: SentMail): string {
  const unsubscribe = Object.entries(mail.headers).find(([k]) => k.toLowerCase() === 'list-unsubscribe')?.[1] ?? '';
  const links = [...`${mail.html ?? ''} ${mail.text ?? ''}`.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
  return links.find((l) => !unsubscribe.includes(l) && !/unsub/i.test(l)) ?? links[0] ?? 'https://www.example.com/';
}

export function buildEvent(mail: SentMail, recipientIndex: number, type: EmittedEventType, at: Date, detail: EventDetail = {}): SendGridEvent {
  const recipient = recipientsOf(mail)[recipientIndex];
  if (!recipient) throw new RangeError(`message ${mail.sgMessageId} has no recipient ${recipientIndex}`);
  // custom_args first: SendGrid's own fields win over a unique argument of the same name.
  const event: SendGridEvent = {
    ...mail.customArgs,
    email: recipient.email,
    timestamp: Math.floor(at.getTime() / 1000),
    'smtp-id': smtpIdOf(mail),
    event: type,
    sg_event_id: newEventId(),
    sg_message_id: sgMessageIdFor(mail, recipientIndex),
  };
  // One category is a string, several an array, none no field (as SendGrid posts them).
  if (mail.categories.length === 1) event.category = mail.categories[0];
  else if (mail.categories.length > 1) event.category = [...mail.categories];
  return Object.assign(event, typeFields(mail, type, detail));
}

function typeFields(mail: SentMail, type: EmittedEventType, detail: EventDetail): Record<string, unknown> {
  switch (type) {
    case 'processed':
      return mail.sendAt !== undefined ? { send_at: mail.sendAt } : {};
    case 'delivered':
      return { response: '250 2.0.0 OK', tls: 1 };
    case 'deferred':
      return { response: '451 4.7.1 Greylisted, please try again later', attempt: '1' };
    case 'open':
      return detail.machine ? { ...APPLE_MPP, sg_machine_open: true } : { ...PERSON, sg_machine_open: false };
    case 'click':
      return { url: detail.url ?? firstLinkOf(mail), url_offset: { index: 0, type: mail.html !== undefined ? 'html' : 'text' }, ...(detail.machine ? LINK_SCANNER : PERSON) };
    case 'bounce':
      return detail.bounceType === 'soft'
        ? { type: 'blocked', status: '4.2.2', reason: '452 4.2.2 The email account that you tried to reach is over quota.', bounce_classification: 'Mailbox Unavailable' }
        : { type: 'bounce', status: '5.1.1', reason: "550 5.1.1 The email account that you tried to reach does not exist.", bounce_classification: 'Invalid Address' };
    case 'dropped':
      return { reason: 'Bounced Address', status: '5.0.0' };
    case 'group_unsubscribe':
      return { asm_group_id: asmGroupOf(mail), ...PERSON, ...(detail.url ? { url: detail.url } : {}) };
    case 'spamreport':
    case 'unsubscribe':
      return {};
  }
}

/** The suppression group the message named (asm.group_id), else 1 as a stand-in. */
function asmGroupOf(mail: SentMail): number {
  const asm = mail.request?.asm as { group_id?: unknown } | undefined;
  return typeof asm?.group_id === 'number' ? asm.group_id : 1;
}
