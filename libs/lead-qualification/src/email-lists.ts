import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import freeMailProviders from 'email-providers';

/**
 * Domain and local-part lists used by classifyEmail. All lookups take the normalised (lower-case, punycode)
 * form produced by lead-intake's normaliseEmail.
 *
 * - Disposable domains: `disposable-email-domains-js`, an automated npm build of the curated
 *   disposable-email-domains/disposable-email-domains list (CC0, with an allowlist that keeps forwarding services
 *   such as 33mail out). A subdomain of a listed domain counts as disposable.
 * - Free-mail providers: `email-providers` (derhuerst, from goware/emailproviders: webmail and consumer ISP
 *   domains). Exact domain match only.
 * - Role accounts: curated here, see ROLE_LOCAL_PARTS.
 */

const LDH = /^[a-z0-9.-]+$/;

/** Lower-case ASCII (punycode) form of a list entry, or undefined for an entry that is not a bare domain. */
function listDomain(entry: string): string | undefined {
  const value = entry.trim().toLowerCase();
  if (value === '' || value.includes('@') || value.includes('/')) return undefined;
  if (LDH.test(value)) return value;
  try {
    // The WHATWG URL parser is everywhere (Node, browsers, workers) and applies the same UTS #46 mapping.
    const host = new URL(`http://${value}/`).hostname;
    return LDH.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

function domainSet(entries: Iterable<string>, exclude: ReadonlySet<string> = new Set()): ReadonlySet<string> {
  const set = new Set<string>();
  for (const entry of entries) {
    const domain = listDomain(entry);
    if (domain !== undefined && !exclude.has(domain)) set.add(domain);
  }
  return set;
}

const DISPOSABLE: ReadonlySet<string> = domainSet(disposableEmailBlocklist());

/**
 * The RFC 2606 / RFC 6761 example domains appear in `email-providers`; they are nobody's mail provider and the
 * project's own fixtures use them.
 */
const NOT_FREE_MAIL: ReadonlySet<string> = new Set(['example.com', 'example.net', 'example.org']);

/** Well-known providers missing from the `email-providers` release in use (checked for 2.26.0). */
const FREE_MAIL_EXTRA = ['fastmail.com', 'tutanota.com', 'tutanota.de', 'tuta.io', 'tuta.com', 'zohomail.com', 'posteo.de', 'mail.de', 'gmx.ch', 'aol.de'];

const FREE_MAIL: ReadonlySet<string> = domainSet([...freeMailProviders, ...FREE_MAIL_EXTRA], NOT_FREE_MAIL);

/**
 * Local parts that name a function, a team or a mail system rather than a person. Matching uses the local part
 * without its `+tag`, and also its first segment (`sales.emea@`, `support-team@`, `info_de@`) unless that word is
 * in NOT_A_ROLE_PREFIX.
 * Sources: RFC 2142 mailbox names, the role lists of common verification services, and B2B list hygiene practice.
 */
export const ROLE_LOCAL_PARTS: ReadonlySet<string> = new Set([
  // RFC 2142 and mail-system mailboxes
  'abuse', 'hostmaster', 'postmaster', 'webmaster', 'noc', 'security', 'usenet', 'news', 'uucp', 'www', 'ftp',
  'mailer-daemon', 'daemon', 'root', 'sysadmin', 'administrator', 'admin', 'devnull', 'nobody', 'bounce', 'bounces',
  'noreply', 'no-reply', 'no_reply', 'donotreply', 'do-not-reply', 'do_not_reply', 'notifications', 'notification',
  'alerts', 'mailer', 'listserv', 'majordomo', 'subscribe', 'unsubscribe', 'list', 'lists',
  // Functions and teams
  'info', 'information', 'contact', 'contactus', 'contact-us', 'hello', 'hi', 'enquiries', 'enquiry', 'inquiries',
  'inquiry', 'office', 'reception', 'frontdesk', 'general', 'mail', 'email', 'team', 'staff', 'all', 'everyone',
  'sales', 'marketing', 'support', 'help', 'helpdesk', 'service', 'services', 'customerservice', 'customer-service',
  'customercare', 'care', 'feedback', 'billing', 'accounts', 'accounting', 'invoice', 'invoices', 'finance',
  'payments', 'orders', 'order', 'shop', 'store', 'purchasing', 'procurement', 'hr', 'jobs', 'careers', 'recruiting',
  'recruitment', 'talent', 'press', 'media', 'pr', 'legal', 'compliance', 'privacy', 'gdpr', 'dpo', 'it', 'tech',
  'partners', 'partnerships', 'affiliates', 'investors', 'ir', 'events', 'newsletter', 'marketing-team', 'ops',
  'operations', 'management', 'board', 'director', 'secretary', 'webinars', 'community', 'social',
]);

const SEGMENT = /[._-]/;

/**
 * Role words that are too short or too ambiguous to mark `<word>.<more>` as a role address (`it.jones`,
 * `pr.smith`, `all.hands.lead`); they still count when they are the whole local part.
 */
const NOT_A_ROLE_PREFIX: ReadonlySet<string> = new Set([
  'hi', 'all', 'it', 'ir', 'pr', 'tech', 'care', 'shop', 'store', 'order', 'mail', 'email', 'news', 'list', 'lists',
  'root', 'daemon', 'nobody', 'www', 'ftp', 'uucp', 'usenet', 'general', 'social', 'community', 'director', 'board',
  'management', 'secretary', 'talent', 'team', 'staff',
]);

export function isDisposableDomain(domain: string): boolean {
  if (DISPOSABLE.has(domain)) return true;
  // Subdomains of a listed domain (x.mailinator.com) are disposable too; stop before the last label.
  for (let dot = domain.indexOf('.'); dot !== -1; dot = domain.indexOf('.', dot + 1)) {
    const parent = domain.slice(dot + 1);
    if (!parent.includes('.')) break;
    if (DISPOSABLE.has(parent)) return true;
  }
  return false;
}

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL.has(domain);
}

/** `local` is the normalised (lower-case) local part, possibly with a `+tag`. */
export function isRoleLocalPart(local: string): boolean {
  const plus = local.indexOf('+');
  const base = plus === -1 ? local : local.slice(0, plus);
  if (ROLE_LOCAL_PARTS.has(base)) return true;
  const sep = base.search(SEGMENT);
  if (sep <= 0) return false;
  const first = base.slice(0, sep);
  return ROLE_LOCAL_PARTS.has(first) && !NOT_A_ROLE_PREFIX.has(first);
}

/** Sizes of the loaded lists, for diagnostics and for a test that the packages really loaded. */
export function emailListSizes(): { disposable: number; freeMail: number; role: number } {
  return { disposable: DISPOSABLE.size, freeMail: FREE_MAIL.size, role: ROLE_LOCAL_PARTS.size };
}
