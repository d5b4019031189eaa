import type { SentMail, Address } from './store.js';
import type { Delivery } from './delivery-log.js';
import type { TalkBack, TrailEntry } from './talk-back.js';
import { REPLY_LANGUAGES } from './replies/reply-texts.js';

/** Escape for HTML text and attribute values. Every piece of sent mail is attacker-controlled lead data. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Security headers for the page: no script runs even if escaping were ever missed; frames only from here. */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

/**
 * A message's HTML part, rendered inside the page's frame: `sandbox` gives it a unique origin with no scripts,
 * forms or navigation, and nothing is fetched (remote images would be tracking pixels), inline images excepted.
 */
export const HTML_PART_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

export interface PageView {
  /** Messages matching the filter, over all pages. */
  total: number;
  page: number;
  pages: number;
  to?: string;
  /** What the last button did (after a form's redirect). */
  notice?: string;
  /** Event Webhook and Inbound Parse: the buttons, what was posted, how it went. */
  talkBack?: TalkBack;
}

/** The headers a nurture send must carry; the page shows them, or that they are missing. */
const COMPLIANCE_HEADERS = ['List-Unsubscribe', 'List-Unsubscribe-Post'] as const;
const THREAD_HEADERS = ['Message-ID', 'In-Reply-To', 'References'] as const;

/** One page of messages, newest first; only the page is rendered, so 10,000 kept messages stay fast. */
export function renderPage(mails: readonly SentMail[], view: PageView): string {
  const rows = mails.map((m) => renderMail(m, view)).join('\n');
  const toParam = view.to ? `&amp;to=${encodeURIComponent(view.to)}` : '';
  const link = (page: number, label: string) => `<a href="/?page=${page}${toParam}">${label}</a>`;
  const pager = [
    view.page > 1 ? link(1, '« newest') : '',
    view.page > 1 ? link(view.page - 1, '‹ newer') : '',
    `page ${view.page} of ${view.pages}`,
    view.page < view.pages ? link(view.page + 1, 'older ›') : '',
    view.page < view.pages ? link(view.pages, 'oldest »') : '',
  ].filter(Boolean).join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SendGrid sandbox: sent mail</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem}article{border-bottom:1px solid #ddd;padding:.6rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0}dt{color:#555}dd{margin:0}
pre{white-space:pre-wrap;max-width:60rem;background:#f7f7f7;padding:.4rem}iframe{width:100%;max-width:60rem;height:20rem;border:1px solid #ccc}
.missing{color:#b00}.thread{font-size:12px;color:#555}.notice{background:#eef6ee;border:1px solid #9c9;padding:.4rem}
.act form{display:inline}.act{margin:.3rem 0}.act button{margin-right:.2rem}.posts,.hooks{font-size:12px;color:#444}.fail{color:#b00}</style>
</head><body>
<h1>Sent mail</h1>
${view.notice ? `<p class="notice" role="status">${escapeHtml(view.notice)}</p>` : ''}
${view.talkBack ? renderHooks(view.talkBack) : ''}
<form method="get" action="/"><label>To <input name="to" value="${escapeHtml(view.to ?? '')}"></label> <button>Filter</button></form>
<p>${view.total} message(s)${view.to ? ` to ${escapeHtml(view.to)}` : ''}, newest first. ${pager}.
JSON: <code>/api/messages?to=&amp;custom_arg.ledger_key=&amp;limit=</code></p>
${rows || '<p>Nothing sent yet.</p>'}
<p>${pager}</p>
</body></html>`;
}

function renderMail(m: SentMail, view: PageView): string {
  const header = (name: string) => Object.entries(m.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const compliance = COMPLIANCE_HEADERS.map((h) => {
    const value = header(h);
    return `<dt>${h}</dt><dd>${value === undefined ? '<span class="missing">missing</span>' : escapeHtml(value)}</dd>`;
  }).join('');
  const inReplyTo = header('In-Reply-To');
  const thread = inReplyTo
    ? `↳ reply in thread ${escapeHtml(inReplyTo)}`
    : header('Message-ID') ? 'starts a thread' : 'no Message-ID';
  const details = [
    `sg_message_id: ${m.sgMessageId}`,
    ...THREAD_HEADERS.map((h) => (header(h) !== undefined ? `${h}: ${header(h)}` : '')),
    m.replyTo ? `reply_to: ${formatAddress(m.replyTo)}` : '',
    m.cc.length ? `cc: ${formatList(m.cc)}` : '',
    m.bcc.length ? `bcc: ${formatList(m.bcc)}` : '',
    m.categories.length ? `categories: ${m.categories.join(', ')}` : '',
    Object.keys(m.customArgs).length ? `custom_args: ${JSON.stringify(m.customArgs)}` : '',
    m.sendAt !== undefined ? `send_at: ${new Date(m.sendAt * 1000).toISOString()}` : '',
    Object.keys(m.headers).length ? `headers: ${JSON.stringify(m.headers)}` : '',
    m.templateId ? `template_id: ${m.templateId}` : '',
  ].filter(Boolean).join('\n');
  const html =
    m.html === undefined
      ? ''
      : `<details><summary>HTML part</summary><iframe sandbox loading="lazy" title="HTML part" src="/message-html?id=${encodeURIComponent(m.sgMessageId)}"></iframe>` +
        `<details><summary>HTML source</summary><pre>${escapeHtml(m.html)}</pre></details></details>`;
  return `<article id="m-${escapeHtml(m.sgMessageId)}"><dl><dt>Time</dt><dd>${escapeHtml(m.receivedAt)}</dd><dt>From</dt><dd>${escapeHtml(formatAddress(m.from))}</dd>` +
    `<dt>To</dt><dd>${escapeHtml(formatList(m.to))}</dd><dt>Subject</dt><dd>${escapeHtml(m.subject)} <span class="thread">${thread}</span></dd>${compliance}</dl>` +
    (m.text !== undefined ? `<details open><summary>Text part</summary><pre>${escapeHtml(m.text)}</pre></details>` : '') +
    html +
    `<details><summary>Details</summary><pre>${escapeHtml(details)}</pre></details>` +
    (view.talkBack ? renderActions(m, view) + renderTrail(view.talkBack.trail(m.sgMessageId)) : '') +
    '</article>';
}

/** The last posts to each webhook, or why one is off. */
function renderHooks(t: TalkBack): string {
  const line = (name: string, url: string | undefined, off: string | undefined, last: Delivery[], waiting = '') =>
    url
      ? `<p class="hooks">${name} → ${escapeHtml(url)}: ${last.length ? last.map(formatDelivery).join(' · ') : 'nothing posted yet'}${waiting}</p>`
      : `<p class="hooks">${name}: ${escapeHtml(off ?? 'off')}</p>`;
  const counts = t.events?.counts();
  const waiting = counts ? ` · ${counts.queued} queued, ${counts.posting} posting, ${counts.waitingToRetry} waiting to retry${t.settings.paused ? ' (paused)' : ''}` : '';
  return line('Event Webhook', t.events?.url, t.eventsOff, t.log.list(5, 'event-webhook'), waiting) + '\n' + line('Inbound Parse', t.parse?.url, t.parseOff, t.log.list(3, 'inbound-parse')) +
    '\n<p class="hooks">JSON: <code>/__sandbox/deliveries</code>, settings: <code>PUT /__sandbox/webhook</code></p>';
}

function formatDelivery(d: Delivery): string {
  const answer = d.status === null ? `no answer (${d.error ?? 'error'})` : String(d.status);
  const cls = d.outcome === 'delivered' ? '' : ' class="fail"';
  return `<span${cls}>${escapeHtml(d.at.slice(11, 19))} ${escapeHtml(answer)}, ${d.events} event(s), attempt ${d.attempt}${d.outcome === 'delivered' ? '' : `, ${d.outcome}`}</span>`;
}

/** Plain forms (no script): each button posts, the server answers with a redirect back here and a notice. */
function renderActions(m: SentMail, view: PageView): string {
  const t = view.talkBack!;
  const keep = `<input type="hidden" name="id" value="${escapeHtml(m.sgMessageId)}">` +
    (view.page > 1 ? `<input type="hidden" name="page" value="${view.page}">` : '') +
    (view.to ? `<input type="hidden" name="to" value="${escapeHtml(view.to)}">` : '');
  const eventsOff = t.events ? '' : ` disabled title="${escapeHtml(t.eventsOff ?? '')}"`;
  const parseOff = t.parse ? '' : ` disabled title="${escapeHtml(t.parseOff ?? '')}"`;
  const event = (label: string, type: string, extra = '') =>
    `<form method="post" action="/__sandbox/forms/event">${keep}${extra}<button name="type" value="${type}"${eventsOff}>${label}</button></form>`;
  const languages = REPLY_LANGUAGES.map((l) => `<option>${l}</option>`).join('');
  const why = [t.eventsOff, t.parseOff].filter(Boolean).map((w) => `<br><span class="missing">${escapeHtml(w!)}</span>`).join('');
  return `<div class="act">` +
    event('Open', 'open') +
    event('Open (Apple MPP)', 'open', '<input type="hidden" name="machine" value="true">') +
    event('Click', 'click') +
    `<form method="post" action="/__sandbox/forms/reply">${keep}<button name="kind" value="reply"${parseOff}>Reply</button>` +
    `<button name="kind" value="out-of-office"${parseOff}>Out of office</button> <label>in <select name="language"${parseOff}>${languages}</select></label></form> ` +
    event('Bounce', 'bounce') +
    event('Soft bounce', 'bounce', '<input type="hidden" name="bounceType" value="soft">') +
    event('Spam report', 'spamreport') +
    event('Unsubscribe', 'unsubscribe') +
    why +
    `</div>`;
}

/** What was posted about this message and how it went. */
function renderTrail(trail: readonly TrailEntry[]): string {
  if (trail.length === 0) return '';
  const items = trail.map(({ label, item }) => {
    const answer = item.status === undefined ? '' : item.status === null ? ' no answer' : ` ${item.status}`;
    const attempt = (item.attempt ?? 0) > 1 ? `, attempt ${item.attempt}` : '';
    const ok = item.state === 'delivered';
    return `<span${ok || item.state === 'queued' || item.state === 'posting' ? '' : ' class="fail"'}>${escapeHtml(label)}: ${item.state}${answer}${attempt}</span>`;
  });
  return `<p class="posts">Posted back: ${items.join(' · ')}</p>`;
}

function formatAddress(a: Address): string {
  return a.name ? `${a.name} <${a.email}>` : a.email;
}

function formatList(list: readonly Address[]): string {
  return list.map(formatAddress).join(', ');
}
