import { normaliseEmail } from '#libs/lead-intake';
import { isDisposableDomain, isFreeMailDomain, isRoleLocalPart } from './email-lists.js';

/**
 * Email verdict for qualification. Pure: the DNS answer for the domain is
 * passed in as facts (libs/dns-check finds them), so the same address and facts always give the same verdict.
 *
 * - `invalid`: bad syntax (lead-intake's normaliseEmail), a disposable domain, or a domain that cannot take
 *   mail (NXDOMAIN, or no MX and no A/AAAA, or a null MX).
 * - `risky`: might deliver but is a poor or uncertain target: DNS gave no answer (timeout or error; never
 *   `invalid`), catch-all domain, role account, free-mail provider (unless the campaign only flags it), quoted
 *   or Unicode local parts (many senders, SendGrid reportedly among them, refuse SMTPUTF8 local parts), and
 *   local parts that mix scripts (a Cyrillic `а` among Latin letters).
 * - `valid`: none of the above.
 */

export const EMAIL_VERDICTS = ['valid', 'risky', 'invalid'] as const;
export type EmailVerdict = (typeof EMAIL_VERDICTS)[number];

/** What DNS says about the domain's mail hosts (see libs/dns-check). */
export const MX_STATUSES = ['found', 'a-fallback', 'none', 'nxdomain', 'timeout', 'error'] as const;
export type MxStatus = (typeof MX_STATUSES)[number];

export interface DomainFacts {
  mx: MxStatus;
  /** The domain accepts mail for any local part (from an SMTP probe or a provider); unknown when absent. */
  catchAll?: boolean;
}

export const EMAIL_REASON_CODES = [
  'syntax',
  'disposable-domain',
  'domain-not-found',
  'no-mail-host',
  'dns-timeout',
  'dns-error',
  'catch-all',
  'role-account',
  'free-mail',
  'quoted-local-part',
  'unicode-local-part',
  'mixed-script-local-part',
  'a-record-fallback',
] as const;
export type EmailReasonCode = (typeof EMAIL_REASON_CODES)[number];

export interface EmailReason {
  code: EmailReasonCode;
  message: string;
  /** What the finding does to the verdict; `info` findings explain but do not lower it. */
  effect: 'invalid' | 'risky' | 'info';
}

export interface EmailFlags {
  role: boolean;
  disposable: boolean;
  freeMail: boolean;
  catchAll: boolean;
}

export interface EmailClassification {
  verdict: EmailVerdict;
  /** The identity form (lead-intake normaliseEmail); absent when the syntax is invalid. */
  normalised?: string;
  /** Lower-case ASCII (punycode) domain; absent when the syntax is invalid. */
  domain?: string;
  reasons: EmailReason[];
  flags: EmailFlags;
}

export interface ClassifyEmailOptions {
  /**
   * Free-mail addresses are never `invalid`. `risky` (default) lowers the verdict; `flag` only sets
   * `flags.freeMail` and adds an `info` reason, for campaigns that sell to individuals or small firms.
   */
  freeMail?: 'risky' | 'flag';
}

const NO_FLAGS: Readonly<EmailFlags> = Object.freeze({ role: false, disposable: false, freeMail: false, catchAll: false });

const NON_ASCII = /[^\x00-\x7F]/;
const SCRIPTS: readonly RegExp[] = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u];

function mixesScripts(text: string): boolean {
  let seen = 0;
  for (const re of SCRIPTS) if (re.test(text) && ++seen > 1) return true;
  return false;
}

const DNS_FINDINGS: Readonly<Record<MxStatus, EmailReason | undefined>> = {
  found: undefined,
  'a-fallback': { code: 'a-record-fallback', message: 'no MX record; the domain has an A/AAAA record, which receives mail (RFC 5321 §5.1)', effect: 'info' },
  none: { code: 'no-mail-host', message: 'the domain has no MX record and no A/AAAA record, or publishes a null MX: it takes no mail', effect: 'invalid' },
  nxdomain: { code: 'domain-not-found', message: 'the domain does not exist (NXDOMAIN)', effect: 'invalid' },
  timeout: { code: 'dns-timeout', message: 'the DNS lookup timed out; the address is unverified, not invalid', effect: 'risky' },
  error: { code: 'dns-error', message: 'the DNS lookup failed (server error or refusal); the address is unverified, not invalid', effect: 'risky' },
};

export function classifyEmail(email: string, facts: DomainFacts, options: ClassifyEmailOptions = {}): EmailClassification {
  const parsed = normaliseEmail(email);
  if (!parsed.ok) {
    return { verdict: 'invalid', reasons: [{ code: 'syntax', message: parsed.reason, effect: 'invalid' }], flags: { ...NO_FLAGS } };
  }
  const { email: normalised, domain } = parsed;
  const local = normalised.slice(0, normalised.length - domain.length - 1);
  const reasons: EmailReason[] = [];

  const disposable = isDisposableDomain(domain);
  if (disposable) reasons.push({ code: 'disposable-domain', message: `${domain} is a disposable (throw-away) mail domain`, effect: 'invalid' });

  // Unknown values (a stale row, a newer dns-check) are treated as an error: never a false `invalid`.
  const dns = Object.hasOwn(DNS_FINDINGS, facts.mx) ? DNS_FINDINGS[facts.mx] : DNS_FINDINGS.error;
  if (dns) reasons.push(dns);

  const catchAll = facts.catchAll === true;
  if (catchAll) reasons.push({ code: 'catch-all', message: 'the domain accepts mail for any address, so this mailbox is unconfirmed', effect: 'risky' });

  const role = isRoleLocalPart(local);
  if (role) reasons.push({ code: 'role-account', message: `"${local}" is a role account, not a person`, effect: 'risky' });

  // Several throw-away services are also in the free-mail list; disposable says more, so only one is reported.
  const freeMail = !disposable && isFreeMailDomain(domain);
  if (freeMail) {
    const effect = options.freeMail === 'flag' ? 'info' : 'risky';
    reasons.push({ code: 'free-mail', message: `${domain} is a free-mail provider, not a company domain`, effect });
  }

  if (local.startsWith('"')) {
    reasons.push({ code: 'quoted-local-part', message: 'the local part needs quotes; few mail systems accept it', effect: 'risky' });
  } else if (NON_ASCII.test(local)) {
    if (mixesScripts(local)) {
      reasons.push({ code: 'mixed-script-local-part', message: 'the local part mixes scripts (possible homoglyph, e.g. Cyrillic "а" for Latin "a")', effect: 'risky' });
    } else {
      reasons.push({ code: 'unicode-local-part', message: 'the local part is non-ASCII (SMTPUTF8); many senders cannot deliver to it', effect: 'risky' });
    }
  }

  let verdict: EmailVerdict = 'valid';
  for (const reason of reasons) {
    if (reason.effect === 'invalid') {
      verdict = 'invalid';
      break;
    }
    if (reason.effect === 'risky') verdict = 'risky';
  }
  return { verdict, normalised, domain, reasons, flags: { role, disposable, freeMail, catchAll } };
}
