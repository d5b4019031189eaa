import type { SentMail, Address } from './store.js';

/** Escape for HTML text and attribute values. Every piece of sent mail is attacker-controlled lead data. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Security headers for the page: no script runs even if escaping were ever missed. */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

/** Newest first. The HTML body is shown as escaped source, never rendered, for the same reason. */
export function renderPage(mails: readonly SentMail[], total: number): string {
  const rows = mails.map(renderMail).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SendGrid sandbox: sent mail</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;max-width:60rem}</style>
</head><body>
<h1>Sent mail</h1>
<p>${total} message(s) kept in memory; showing the newest ${mails.length}. JSON: <code>/api/messages?to=&amp;limit=</code></p>
<table><thead><tr><th>Received</th><th>To</th><th>From</th><th>Subject</th><th>Details</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="5">Nothing sent yet.</td></tr>'}
</tbody></table>
</body></html>`;
}

function renderMail(m: SentMail): string {
  const details = [
    `sg_message_id: ${m.sgMessageId}`,
    m.cc.length ? `cc: ${formatList(m.cc)}` : '',
    m.bcc.length ? `bcc: ${formatList(m.bcc)}` : '',
    m.categories.length ? `categories: ${m.categories.join(', ')}` : '',
    Object.keys(m.customArgs).length ? `custom_args: ${JSON.stringify(m.customArgs)}` : '',
    Object.keys(m.headers).length ? `headers: ${JSON.stringify(m.headers)}` : '',
    m.templateId ? `template_id: ${m.templateId}` : '',
    m.text !== undefined ? `\n--- text/plain ---\n${m.text}` : '',
    m.html !== undefined ? `\n--- text/html (source) ---\n${m.html}` : '',
  ].filter(Boolean).join('\n');
  return `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(formatList(m.to))}</td><td>${escapeHtml(formatAddress(m.from))}</td>` +
    `<td>${escapeHtml(m.subject)}</td><td><details><summary>show</summary><pre>${escapeHtml(details)}</pre></details></td></tr>`;
}

function formatAddress(a: Address): string {
  return a.name ? `${a.name} <${a.email}>` : a.email;
}

function formatList(list: readonly Address[]): string {
  return list.map(formatAddress).join(', ');
}
