import { domainToASCII } from 'node:url';

/**
 * The account key for "a colleague at the same company replied": the company domain in one spelling, so
 * "WWW.Acme.com.", "acme.com" and an IDN in Unicode or punycode are the same account. Null when there is none.
 */
export function companyDomainKey(domain: string | null | undefined): string | null {
  if (typeof domain !== 'string') return null;
  let key = domain.trim().toLowerCase().replace(/\.$/, '');
  if (key.startsWith('www.')) key = key.slice(4);
  if (key === '') return null;
  const ascii = domainToASCII(key);
  return ascii === '' ? key : ascii;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A company domain a caller may record a reply under: a host name with at least two labels. */
export function isCompanyDomain(key: string): boolean {
  if (key.length > 253) return false;
  const labels = key.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!);
}
