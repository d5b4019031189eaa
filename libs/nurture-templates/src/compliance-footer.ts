/**
 * The compliance footer every send carries in both parts: a visible unsubscribe link and the sender's postal
 * address (CAN-SPAM, and the visible half of RFC 8058's one-click). The template cannot remove or hide it:
 *
 *  - the rendered HTML is parsed and serialised again, so whatever the template leaves open (an unclosed
 *    `<div style="display:none">`, an unterminated `<!--`, a `<textarea>`) is closed before the footer;
 *  - the footer is appended as the last child of `<body>` (or of the fragment), never inside template markup;
 *  - elements that could reach it from elsewhere are dropped (`<style>`, `<script>`, …: validateTemplate refuses
 *    them up front), and `<html>`/`<body>` keep only `lang` and `dir`, so no page-wide style or `hidden` applies;
 *  - its own styles are inline and `!important`.
 */
import { DomUtils, parseDocument } from 'htmlparser2';

type Document = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.findAll>[number];

export interface ComplianceFooter {
  /** https URL of the one-click unsubscribe endpoint, signed for this send. */
  unsubscribeUrl: string;
  /** The sender's postal address, one or more lines. */
  postalAddress: string;
}

/** Elements a template may not contain: they run code, load or style the whole message, or swallow what follows. */
export const FORBIDDEN_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'link',
  'base',
  'meta',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'textarea',
  'template',
  'noscript',
]);
const PAGE_ELEMENTS: ReadonlySet<string> = new Set(['html', 'body']);
const PAGE_ATTRIBUTES_KEPT: ReadonlySet<string> = new Set(['lang', 'dir']);

export class ComplianceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComplianceError';
  }
}

/** The footer's inputs, checked: an https unsubscribe URL and a non-empty postal address. */
export function checkFooter(footer: ComplianceFooter): { unsubscribeUrl: string; postalLines: string[] } {
  const url = httpsUrl(footer.unsubscribeUrl, 'the unsubscribe link');
  const postalLines = (footer.postalAddress ?? '')
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (postalLines.length === 0) throw new ComplianceError('every send prints the sender’s postal address, and it is empty');
  return { unsubscribeUrl: url, postalLines };
}

/** Loopback hosts: a development stack serves plain http there, and browsers treat loopback as secure. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https URL (or http on a loopback host), normalised (no spaces or angle brackets left raw); anything else is refused. */
export function httpsUrl(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ComplianceError(`${what} must be an https URL, got "${raw}"`);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) throw new ComplianceError(`${what} must be an https URL (RFC 8058), got ${url.protocol.replace(/:$/, '')}`);
  return url.href;
}

/** The HTML with the footer appended where the template cannot hide it. */
export function withHtmlFooter(html: string, footer: ComplianceFooter): string {
  const { unsubscribeUrl, postalLines } = checkFooter(footer);
  const doc = parseDocument(html, { decodeEntities: false });
  for (const el of DomUtils.findAll((e) => FORBIDDEN_ELEMENTS.has(e.name.toLowerCase()), doc.children)) DomUtils.removeElement(el);
  let body: Element | null = null;
  for (const el of DomUtils.findAll((e) => PAGE_ELEMENTS.has(e.name.toLowerCase()), doc.children)) {
    for (const name of Object.keys(el.attribs)) if (!PAGE_ATTRIBUTES_KEPT.has(name.toLowerCase())) delete el.attribs[name];
    if (el.name.toLowerCase() === 'body') body ??= el;
  }
  const parent: Document | Element = body ?? doc;
  for (const node of parseDocument(footerHtml(unsubscribeUrl, postalLines), { decodeEntities: false }).children) DomUtils.appendChild(parent, node);
  return DomUtils.getOuterHTML(doc, { decodeEntities: false });
}

/** The text part with the footer after a blank line (no "-- " signature marker: clients fold those away). */
export function withTextFooter(text: string, footer: ComplianceFooter): string {
  const { unsubscribeUrl, postalLines } = checkFooter(footer);
  return `${text.replace(/\s+$/, '')}\n\n${footerText(unsubscribeUrl, postalLines)}\n`;
}

function footerText(unsubscribeUrl: string, postalLines: string[]): string {
  return [`Unsubscribe: ${unsubscribeUrl}`, ...postalLines].join('\n');
}

const VISIBLE = 'display:block !important;visibility:visible !important;opacity:1 !important;';
function footerHtml(unsubscribeUrl: string, postalLines: string[]): string {
  const block = `${VISIBLE}margin:24px 0 0 0 !important;padding:12px 0 0 0 !important;border-top:1px solid #dddddd !important;background-color:#ffffff !important;color:#555555 !important;font-size:12px !important;line-height:1.5 !important;`;
  const para = `${VISIBLE}margin:0 0 4px 0 !important;color:#555555 !important;font-size:12px !important;`;
  const link = 'color:#555555 !important;text-decoration:underline !important;font-size:12px !important;';
  return (
    `<div style="${block}">` +
    `<p style="${para}">If you would rather not hear from us, <a href="${escapeHtml(unsubscribeUrl)}" style="${link}">unsubscribe</a>.</p>` +
    `<p style="${para}">${postalLines.map(escapeHtml).join('<br>')}</p>` +
    `</div>`
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
