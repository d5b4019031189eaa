import { normaliseEmail } from '#libs/lead-intake';

/** The global do-not-contact list holds whole addresses and whole mail domains. */
export const SUPPRESSION_KINDS = ['address', 'domain'] as const;
export type SuppressionKind = (typeof SUPPRESSION_KINDS)[number];

export type SuppressionValue = { ok: true; kind: SuppressionKind; value: string } | { ok: false; field: 'kind' | 'value'; message: string };

export function isSuppressionKind(value: unknown): value is SuppressionKind {
  return value === 'address' || value === 'domain';
}

/**
 * The stored form of a suppression, the same form leads are matched in: an address as lead-intake's identity
 * (normaliseEmail), a domain lower-cased and IDNA-converted to punycode (`Bücher.DE` → `xn--bcher-kva.de`) by the
 * very same domain rules, so a suppression always meets the lead it means.
 */
export function normaliseSuppression(kind: unknown, value: unknown): SuppressionValue {
  if (!isSuppressionKind(kind)) return { ok: false, field: 'kind', message: 'kind must be "address" or "domain"' };
  if (typeof value !== 'string') return { ok: false, field: 'value', message: `value must be ${kind === 'address' ? 'an email address' : 'a domain'} (a string)` };
  if (kind === 'address') {
    const parsed = normaliseEmail(value);
    return parsed.ok ? { ok: true, kind, value: parsed.email } : { ok: false, field: 'value', message: `not a usable email address: ${parsed.reason}` };
  }
  const domain = value.trim().replace(/^@/, '');
  if (domain.includes('@')) return { ok: false, field: 'value', message: 'a domain has no "@"; suppress the address with kind "address"' };
  // A neutral local part lets the domain go through exactly the checks an address's domain goes through.
  const parsed = normaliseEmail(`postmaster@${domain}`);
  return parsed.ok ? { ok: true, kind, value: parsed.domain } : { ok: false, field: 'value', message: `not a usable domain: ${parsed.reason.replace(/^address/, 'domain')}` };
}

/** The domain part of a stored (normalised) address; null when there is none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1) : null;
}
