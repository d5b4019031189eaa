import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Lead identity: the normalised email address.
 *
 * - Trim (Unicode spaces and zero-width characters at the ends), then Unicode NFC.
 * - Domain: lower-cased, IDN converted to ASCII (punycode), one trailing dot stripped. `bücher.de` and
 *   `xn--bcher-kva.de` are the same lead.
 * - Local part: lower-cased too. RFC 5321 §2.4 allows case-sensitive local parts, but nearly every provider
 *   ignores case and a duplicate lead (two nurture sequences to one person) costs more than the rare mailbox
 *   that really depends on case.
 * - Plus-addressing (`ann+crm@`) is kept: it is part of the identity, and Gmail-style dots are not removed
 *   either; only the provider knows whether they matter.
 * - Role accounts and disposable domains are valid here; qualification decides whether to contact them.
 */
export type EmailResult = { ok: true; email: string; domain: string } | { ok: false; reason: string };

const MAX_ADDRESS = 254; // RFC 5321 path (256) minus the angle brackets
const MAX_LOCAL_OCTETS = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;
/** Checked before any other work so a 1 MB "address" costs nothing. */
const MAX_RAW = 1024;

const EDGE_SPACE = /^[\s\u200B-\u200D\u2060]+|[\s\u200B-\u200D\u2060]+$/g;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// Zero-width, bidi and other invisible format characters: they make two addresses look identical.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const WHITESPACE = /\s/;
// RFC 5322 atext plus any non-ASCII character (RFC 6531 SMTPUTF8 local parts).
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+$/;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const ASCII_ONLY = /^[\x00-\x7F]*$/;
/**
 * What a domain may hold before IDN mapping: letters, marks and digits of any script, hyphens and the dots UTS #46
 * maps to `.`. Node's domainToASCII parses its input as a URL host and silently drops everything from `/`, `?`,
 * `#` or `\` on (and decodes `%41`), so `bo@beta.de/x` would become `bo@beta.de`: those must fail here.
 */
const DOMAIN_BAD_CHAR = /[^\p{L}\p{M}\p{N}.\-\u3002\uFF0E\uFF61\uFF0D]/u;

const fail = (reason: string): EmailResult => ({ ok: false, reason });

// The common case, an all-ASCII dot-atom address, skips trimming, NFC and the character checks.
const PLAIN = /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@([A-Za-z0-9.-]+)$/;

export function normaliseEmail(raw: string): EmailResult {
  if (raw.length > MAX_RAW) return fail(`address is longer than ${MAX_ADDRESS} characters`);
  const plain = PLAIN.exec(raw);
  if (plain) {
    const local = plain[1]!.toLowerCase();
    if (local.length > MAX_LOCAL_OCTETS) return fail(`local part is longer than ${MAX_LOCAL_OCTETS} octets`);
    return withDomain(local, plain[2]!);
  }
  const value = raw.replace(EDGE_SPACE, '').normalize('NFC');
  if (value === '') return fail('address is empty');
  if (CONTROL.test(value)) return fail('address contains a control character (CR, LF, tab or similar)');
  if (INVISIBLE.test(value)) return fail('address contains an invisible character (zero-width or bidi control)');

  const split = splitAddress(value);
  if (!split.ok) return split;
  const local = canonicalLocal(split.local, split.quoted);
  if (typeof local !== 'string') return local;
  return withDomain(local, split.domain);
}

function withDomain(local: string, rawDomain: string): EmailResult {
  const domain = cachedDomain(rawDomain);
  if (!domain.ok) return domain;
  const email = `${local}@${domain.domain}`;
  if (email.length > MAX_ADDRESS) return fail(`address is longer than ${MAX_ADDRESS} characters`);
  return { ok: true, email, domain: domain.domain };
}

type DomainResult = { ok: true; domain: string } | { ok: false; reason: string };
// Leads share company domains, and IDN conversion is the costliest step; the cache does not change results.
const domainCache = new Map<string, DomainResult>();
const DOMAIN_CACHE_LIMIT = 10_000;

function cachedDomain(raw: string): DomainResult {
  let result = domainCache.get(raw);
  if (result === undefined) {
    result = canonicalDomain(raw);
    if (domainCache.size >= DOMAIN_CACHE_LIMIT) domainCache.clear();
    domainCache.set(raw, result);
  }
  return result;
}

type Split = { ok: true; local: string; domain: string; quoted: boolean } | { ok: false; reason: string };

function splitAddress(value: string): Split {
  if (value.startsWith('"')) {
    // Quoted local part: find the closing quote, honouring backslash escapes.
    let i = 1;
    let content = '';
    for (; i < value.length; i++) {
      const c = value[i]!;
      if (c === '"') break;
      if (c === '\\') {
        const next = value[i + 1];
        if (next === undefined || next < ' ' || next > '~') return { ok: false, reason: 'quoted local part has a bad backslash escape' };
        content += next;
        i++;
      } else {
        content += c;
      }
    }
    if (i >= value.length) return { ok: false, reason: 'quoted local part is not closed' };
    if (value[i + 1] !== '@') return { ok: false, reason: 'quoted local part must be followed directly by @' };
    return { ok: true, local: content, domain: value.slice(i + 2), quoted: true };
  }
  const at = value.indexOf('@');
  if (at === -1) return { ok: false, reason: 'missing @' };
  if (value.indexOf('@', at + 1) !== -1) return { ok: false, reason: 'more than one @ (an @ in the local part must be quoted)' };
  return { ok: true, local: value.slice(0, at), domain: value.slice(at + 1), quoted: false };
}

function isDotAtom(local: string): boolean {
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return local.split('.').every((atom) => ATOM.test(atom));
}

/** Returns the canonical local part, or a failure. */
function canonicalLocal(local: string, quoted: boolean): string | EmailResult {
  if (local === '') return fail('local part (before the @) is empty');
  let canonical: string;
  if (quoted) {
    // `"john"@x` and `john@x` are the same mailbox (RFC 5321 §4.1.2): drop quotes that are not needed.
    canonical = isDotAtom(local) ? local : `"${local.replace(/["\\]/g, '\\$&')}"`;
  } else {
    if (WHITESPACE.test(local)) return fail('local part contains whitespace');
    if (local.startsWith('.') || local.endsWith('.')) return fail('local part starts or ends with a dot');
    if (local.includes('..')) return fail('local part has consecutive dots');
    if (!isDotAtom(local)) return fail('local part contains a character that is only allowed inside quotes');
    canonical = local;
  }
  canonical = canonical.toLowerCase().normalize('NFC');
  if (Buffer.byteLength(canonical, 'utf8') > MAX_LOCAL_OCTETS) return fail(`local part is longer than ${MAX_LOCAL_OCTETS} octets`);
  return canonical;
}

function canonicalDomain(raw: string): DomainResult {
  if (raw === '') return { ok: false, reason: 'domain (after the @) is empty' };
  // IP literals are valid RFC 5321 syntax but never a reachable B2B prospect, and cannot be MX-checked.
  if (raw.startsWith('[')) return { ok: false, reason: 'IP-address literal domains are not accepted' };
  if (WHITESPACE.test(raw)) return { ok: false, reason: 'domain contains whitespace' };
  const bad = DOMAIN_BAD_CHAR.exec(raw)?.[0];
  if (bad !== undefined) {
    const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return { ok: false, reason: `domain contains "${bad}" (U+${code}); its labels may only hold letters, digits and inner hyphens` };
  }
  const trimmed = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  if (trimmed === '' || trimmed.startsWith('.') || trimmed.endsWith('.') || trimmed.includes('..')) {
    return { ok: false, reason: 'domain has an empty label (leading, trailing or consecutive dots)' };
  }
  // Checked before domainToASCII, which reads a numeric last label as an IPv4 address and fails without a reason.
  if (/^(?:[0-9]+|0x[0-9a-f]*)$/i.test(trimmed.slice(trimmed.lastIndexOf('.') + 1))) {
    return { ok: false, reason: 'top-level domain is numeric (bare IP addresses are not accepted)' };
  }
  // UTS #46 mapping: lower-cases, maps full-width forms, converts Unicode labels to punycode.
  const ascii = domainToASCII(trimmed);
  if (ascii === '') return { ok: false, reason: 'domain is not a valid internationalised domain name' };
  if (ascii.length > MAX_DOMAIN) return { ok: false, reason: `domain is longer than ${MAX_DOMAIN} characters` };
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, reason: 'domain has no dot (top-level domain missing)' };
  for (const label of labels) {
    if (label === '') return { ok: false, reason: 'domain has an empty label (leading, trailing or consecutive dots)' };
    if (label.length > MAX_LABEL) return { ok: false, reason: `domain label is longer than ${MAX_LABEL} characters` };
    if (!LDH_LABEL.test(label)) return { ok: false, reason: `domain label "${label}" may only hold letters, digits and inner hyphens` };
  }
  const tld = labels[labels.length - 1]!;
  if (/^[0-9]+$/.test(tld)) return { ok: false, reason: 'top-level domain is numeric (bare IP addresses are not accepted)' };
  if (!TLD.test(tld)) return { ok: false, reason: `top-level domain "${tld}" is not valid` };
  const mixed = mixedScriptLabel(ascii);
  if (mixed) return { ok: false, reason: `domain label "${mixed}" mixes scripts (possible homoglyph spoof)` };
  return { ok: true, domain: ascii };
}

const SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
];

/**
 * Browsers refuse to display labels like `аpple` (Cyrillic а + Latin) as Unicode; we refuse them as leads.
 * Whole-script confusables (an all-Cyrillic lookalike) need confusable tables and are not caught here.
 */
function mixedScriptLabel(ascii: string): string | undefined {
  if (!ascii.includes('xn--')) return undefined;
  for (const label of domainToUnicode(ascii).split('.')) {
    if (ASCII_ONLY.test(label)) continue;
    let seen = 0;
    for (const [, re] of SCRIPTS) if (re.test(label)) seen++;
    if (seen > 1) return label;
  }
  return undefined;
}
