import type { ColleagueStopPolicy } from '#libs/contracts';
import { normaliseEmail } from '#libs/lead-intake';
import { isDisposableDomain, isFreeMailDomain } from '#libs/lead-qualification';

/**
 * The company an address belongs to, by its domain; null for a free-mail or disposable domain (many unrelated
 * people share gmail.com) or an address that cannot be read. Only a company domain may stop colleagues.
 */
export function companyDomainOf(email: string): string | null {
  const parsed = normaliseEmail(email);
  if (!parsed.ok) return null;
  const domain = parsed.domain;
  if (isFreeMailDomain(domain) || isDisposableDomain(domain)) return null;
  return domain;
}

/** Which campaigns a reply stops colleagues in: none, the reply's campaign, or every campaign. */
export function colleagueScope(policy: ColleagueStopPolicy, campaignId: string): { stop: false } | { stop: true; campaignId: string | null } {
  if (policy === 'none') return { stop: false };
  return { stop: true, campaignId: policy === 'campaign' ? campaignId : null };
}

/** Why a colleague's sequence ended, as the lead's status shows it; the event id makes a retry find the same rows. */
export function colleagueStopDecision(domain: string, eventId: string): { reason: string; decision: string } {
  const reason = `a colleague at ${domain} replied`;
  return { reason, decision: `stopped: ${reason} (event ${eventId})` };
}
