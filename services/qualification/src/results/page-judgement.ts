import {
  qualifyLead,
  type CompiledQualificationRuleSet,
  type DomainFacts,
  type EmailReason,
  type EmailVerdict,
  type IntentMatch,
  type QualificationDecision,
  type QualificationReason,
} from '#libs/lead-qualification';
import type { LeadUnderReview } from '../leads/lead-under-review.js';
import type { SuppressedSet } from '../suppressions/suppression-lookup.js';

/** What is stored about a lead's last qualification, compared against the page in SQL. */
export interface StoredJudgement {
  decision: QualificationDecision;
  emailVerdict: EmailVerdict;
  /** It was rejected because its address or domain was suppressed. */
  suppressed: boolean;
  /** Judged under another rule-set version, from older lead fields, or without a DNS answer. */
  stale: boolean;
}

/** A lead of a page with everything its judgement needs, gathered before the page's turn comes. */
export interface PreparedLead {
  lead: LeadUnderReview;
  suppression: { address: boolean; domain: boolean };
  /** Its stored judgement still holds: counted from it, not judged again. */
  kept?: StoredJudgement;
  /** DNS facts of its domain; set for a lead to judge that has a domain. */
  mail?: DomainFacts;
}

/** One row of qualification.results; the field names are the columns the page upsert's jsonb_to_recordset reads. */
export interface QualificationRow {
  leadId: string;
  address: string;
  domain: string | null;
  emailVerdict: EmailVerdict;
  emailReasons: EmailReason[];
  decision: QualificationDecision;
  reasons: QualificationReason[];
  intent: IntentMatch[];
  suppressed: boolean;
  /** DNS gave no answer: the next run checks the domain again instead of keeping a `risky` forever. */
  dnsUnverified: boolean;
  leadUpdatedAt: string;
}

export const STAGE_COUNT_NAMES = [
  'qualified',
  'rejected',
  'needsReview',
  'valid',
  'risky',
  'invalid',
  /** Leads whose stored judgement still held. */
  'unchanged',
  'suppressed',
  /** Leads judged without a DNS answer for their domain. */
  'dnsUnanswered',
  /** Distinct domains asked of DNS (per page), and those that got no answer. */
  'domainsChecked',
  'domainsUnanswered',
] as const;
export type StageCounts = Record<(typeof STAGE_COUNT_NAMES)[number], number>;

export function emptyCounts(): StageCounts {
  return { qualified: 0, rejected: 0, needsReview: 0, valid: 0, risky: 0, invalid: 0, unchanged: 0, suppressed: 0, dnsUnanswered: 0, domainsChecked: 0, domainsUnanswered: 0 };
}

const DECISION_COUNT: Readonly<Record<QualificationDecision, 'qualified' | 'rejected' | 'needsReview'>> = { qualified: 'qualified', rejected: 'rejected', needs_review: 'needsReview' };
// A lead without a domain fails the syntax check before DNS facts are read; this only fills the argument.
const NO_DOMAIN: DomainFacts = Object.freeze({ mx: 'error' });

/**
 * Which leads of a page are judged now: those never judged, judged stale, or whose suppression changed since
 * (suppressed after qualifying, or taken off the list). The others keep their stored judgement.
 */
export function prepareLeads(leads: readonly LeadUnderReview[], stored: ReadonlyMap<string, StoredJudgement>, suppressed: SuppressedSet): PreparedLead[] {
  return leads.map((lead) => {
    const suppression = { address: suppressed.addresses.has(lead.address), domain: lead.domain !== null && suppressed.domains.has(lead.domain) };
    const before = stored.get(lead.id);
    const holds = before !== undefined && !before.stale && before.suppressed === (suppression.address || suppression.domain);
    return holds ? { lead, suppression, kept: before } : { lead, suppression };
  });
}

/** The distinct domains of the leads to judge: each is asked of DNS once per page. */
export function domainsToCheck(prepared: readonly PreparedLead[]): string[] {
  const domains = new Set<string>();
  for (const p of prepared) if (!p.kept && p.lead.domain !== null) domains.add(p.lead.domain);
  return [...domains];
}

export function withMailFacts(prepared: readonly PreparedLead[], facts: ReadonlyMap<string, DomainFacts>): PreparedLead[] {
  return prepared.map((p) => (p.kept || p.lead.domain === null ? p : { ...p, mail: facts.get(p.lead.domain) }));
}

/**
 * Judges the page's leads to judge with the lib's qualifyLead, and counts the whole page (kept judgements from
 * what is stored), so a run's report covers every lead of the campaign. The page's DNS summary rides along, so
 * the report can tell dead resolvers from a few dead domains.
 */
export function judgePage(ruleSet: CompiledQualificationRuleSet, prepared: readonly PreparedLead[]): { rows: QualificationRow[]; counts: StageCounts } {
  const counts = emptyCounts();
  const rows: QualificationRow[] = [];
  const domains = new Map<string, boolean>();
  for (const { lead, suppression, kept, mail } of prepared) {
    if (kept) {
      counts.unchanged++;
      counts[DECISION_COUNT[kept.decision]]++;
      counts[kept.emailVerdict]++;
      if (kept.suppressed) counts.suppressed++;
      continue;
    }
    const facts = mail ?? NO_DOMAIN;
    const judged = qualifyLead(ruleSet, lead.lead, facts, suppression);
    const isSuppressed = suppression.address || suppression.domain;
    const dnsUnverified = judged.email.reasons.some((r) => r.code === 'dns-timeout' || r.code === 'dns-error');
    rows.push({
      leadId: lead.id,
      address: lead.address,
      domain: lead.domain,
      emailVerdict: judged.email.verdict,
      emailReasons: judged.email.reasons,
      decision: judged.decision,
      reasons: judged.reasons,
      intent: judged.intent.matched,
      suppressed: isSuppressed,
      dnsUnverified,
      leadUpdatedAt: lead.updatedAt,
    });
    counts[DECISION_COUNT[judged.decision]]++;
    counts[judged.email.verdict]++;
    if (isSuppressed) counts.suppressed++;
    if (dnsUnverified) counts.dnsUnanswered++;
    if (mail && lead.domain !== null) domains.set(lead.domain, mail.mx === 'timeout' || mail.mx === 'error');
  }
  counts.domainsChecked = domains.size;
  for (const unanswered of domains.values()) if (unanswered) counts.domainsUnanswered++;
  return { rows, counts };
}
