import { domainToASCII } from 'node:url';
import { isFreeMailDomain } from '#libs/lead-qualification';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export type AccountDomain = { companyDomain: string; skipped: null } | { companyDomain: null; skipped: string };

/**
 * The account a reply speaks for: the company domain of the lead's address in one spelling (lower-case, punycode,
 * no `www.`), as routing keys its account replies. A free-mail domain (gmail.com, gmx.de, …) is nobody's account:
 * colleagues are never stopped and routing's guardrail never hears of it.
 */
export function accountDomainOf(email: string | null | undefined): AccountDomain {
  const at = typeof email === 'string' ? email.lastIndexOf('@') : -1;
  if (at < 0) return { companyDomain: null, skipped: 'no address' };
  let domain = email!.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
  if (domain.startsWith('www.')) domain = domain.slice(4);
  const ascii = domainToASCII(domain);
  if (ascii !== '') domain = ascii;
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1]!)) {
    return { companyDomain: null, skipped: 'not a company domain' };
  }
  if (isFreeMailDomain(domain)) return { companyDomain: null, skipped: `free-mail domain ${domain}` };
  return { companyDomain: domain, skipped: null };
}
