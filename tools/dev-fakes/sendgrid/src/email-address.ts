/**
 * Syntactic address check for the sandbox. Deliberately ASCII-only: SendGrid's API has been reported to
 * reject Unicode local parts and wants IDN domains in Punycode, so the sandbox
 * refuses them too and the project finds out in development, not in production.
 */
const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
// Quoted local part: printable ASCII except `"` and `\`, or backslash-escaped pairs; never CR/LF.
const QUOTED = /^"(?:[\x20\x21\x23-\x5B\x5D-\x7E]|\\[\x20-\x7E])*"$/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

export function isValidEmail(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  return isValidLocal(local) && isValidDomain(domain);
}

function isValidLocal(local: string): boolean {
  if (local.length > 64) return false;
  if (local.startsWith('"')) return QUOTED.test(local);
  return local.split('.').every((atom) => ATEXT.test(atom)); // also refuses leading, trailing, double dots
}

function isValidDomain(domain: string): boolean {
  // No IP literals: SendGrid sends to hostnames; a literal in a lead list is almost always junk.
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false; // no TLD
  return labels.every((l) => LABEL.test(l)) && TLD.test(labels[labels.length - 1]!);
}
