/** What routeLeads needs about one lead: its tier, harvest's facts, and the guardrail facts routing keeps. */
import type { LeadFacts } from '#libs/contracts';
import type { LeadToRoute } from '#libs/lead-routing';
import { isFreeMailDomain } from '#libs/lead-qualification';
import { companyDomainKey, isCompanyDomain } from '../guardrails/company-domain.js';
import type { LeadStandings } from '../guardrails/guardrail-facts.repository.js';
import type { LeadToJudge } from './lead-selection.js';

export function toLeadToRoute(lead: LeadToJudge, facts: LeadFacts | undefined, standings: LeadStandings | undefined, colleagueRepliedAt: number | undefined): LeadToRoute {
  return {
    tier: lead.tier,
    country: facts?.country ?? null,
    // Harvest keeps no sales region yet; territories matching on region see none.
    region: null,
    industry: facts?.industry ?? null,
    employeeCount: facts?.employeeCount ?? null,
    stage: standings?.stage ?? null,
    activeInOtherSequence: standings?.activeSequence ?? null,
    colleagueRepliedAt: colleagueRepliedAt ?? null,
  };
}

/**
 * The account keys the colleague-replied guardrail looks up: the lead's company domain, and the domain of its
 * address unless that is free mail (engagement records a reply under the replier's address domain, and many leads
 * are imported without a company domain). Never a free-mail domain: strangers at gmail.com are not colleagues.
 */
export function leadDomains(facts: LeadFacts | undefined): string[] {
  const keys = new Set<string>();
  const company = companyDomainKey(facts?.companyDomain);
  if (company && !isFreeMailDomain(company)) keys.add(company);
  const at = facts?.email?.lastIndexOf('@') ?? -1;
  const address = at > 0 ? companyDomainKey(facts!.email.slice(at + 1)) : null;
  if (address && isCompanyDomain(address) && !isFreeMailDomain(address)) keys.add(address);
  return [...keys];
}
