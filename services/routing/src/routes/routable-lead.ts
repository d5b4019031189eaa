/** What routeLeads needs about one lead: its tier, harvest's facts, and the guardrail facts routing keeps. */
import type { LeadFacts } from '#libs/contracts';
import type { LeadToRoute } from '#libs/lead-routing';
import { companyDomainKey } from '../guardrails/company-domain.js';
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

/** The account key the colleague-replied guardrail looks up. */
export function leadDomain(facts: LeadFacts | undefined): string | null {
  return companyDomainKey(facts?.companyDomain);
}
