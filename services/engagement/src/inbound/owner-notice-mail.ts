import type { ReplyClass } from '#libs/contracts';

export interface OwnerNoticeInput {
  to: string;
  from: string;
  leadId: string;
  campaignId: string;
  replyClass: ReplyClass;
  subject: string;
  text: string;
  inboxId: string;
}

const CLASS_WORDS: Record<ReplyClass, string> = {
  interested: 'interested',
  not_interested: 'not interested',
  out_of_office: 'out of office',
  unsubscribe_request: 'asks to be removed',
  other: 'replied',
};

/** The notice quotes at most this much of the reply; the rest is on the lead. */
const MAX_QUOTED = 4_000;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Header values must stay on one line (a reply's subject is the lead's text). */
function oneLine(s: string, max: number): string {
  return s.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, max);
}

/**
 * The "your lead replied" mail to the lead's owner: lead id, campaign, class and what the lead wrote (without the
 * quoted history). The lead's text is escaped in the HTML part and kept to one line in the subject.
 */
export function ownerNoticeMail(n: OwnerNoticeInput) {
  const quoted = n.text.length > MAX_QUOTED ? `${n.text.slice(0, MAX_QUOTED)}…` : n.text;
  const subject = oneLine(`Lead ${n.leadId} ${CLASS_WORDS[n.replyClass]} (campaign ${n.campaignId})${n.subject ? `: ${n.subject}` : ''}`, 200);
  const facts: Array<[string, string]> = [
    ['Lead', n.leadId],
    ['Campaign', n.campaignId],
    ['Class', n.replyClass],
    ['Subject', oneLine(n.subject, 300) || '(none)'],
  ];
  const text = [...facts.map(([k, v]) => `${k}: ${v}`), '', 'They wrote:', '', quoted || '(no text)', ''].join('\n');
  const html = [
    '<table>',
    ...facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    '<p>They wrote:</p>',
    `<blockquote style="white-space:pre-wrap">${escapeHtml(quoted || '(no text)')}</blockquote>`,
  ].join('\n');
  return {
    to: n.to,
    from: n.from,
    subject,
    text,
    html,
    // A notice is not a campaign mail: no tracking, and its events say what they belong to.
    trackingSettings: { clickTracking: { enable: false, enableText: false }, openTracking: { enable: false } },
    customArgs: { notice: 'owner-reply', inbox_id: n.inboxId },
    categories: ['owner-notice'],
  };
}
