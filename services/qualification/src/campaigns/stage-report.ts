import type { CampaignStageReport, StageCursor } from '#libs/contracts';
import { campaignStageReport } from '#libs/service-runtime';

/** Below this many domains asked, "none answered" may be a few dead domains rather than dead resolvers. */
const OUTAGE_MIN_DOMAINS = 20;

/**
 * The run's report from its final cursor. The stage is degraded when DNS looks broken rather than a few domains
 * being dead: no answer for any of many domains asked, or most of the campaign's leads left without an answer.
 * Their addresses stay `risky` (never `invalid`) and are checked again next run.
 */
export function stageReport(campaignId: string, cursor: StageCursor): CampaignStageReport {
  const counts = cursor.counts;
  const asked = counts.domainsChecked ?? 0;
  const silent = counts.domainsUnanswered ?? 0;
  const unverified = counts.dnsUnanswered ?? 0;
  const problems: string[] = [];
  if (asked >= OUTAGE_MIN_DOMAINS && silent === asked) {
    problems.push(`DNS gave no answer for any of the ${asked} domains asked; check QUALIFY_DNS_SERVERS (their leads are risky until a run gets answers)`);
  } else if (unverified * 2 > cursor.processed) {
    problems.push(`DNS gave no answer for the domains of ${unverified} of ${cursor.processed} leads; check QUALIFY_DNS_SERVERS (they are risky until a run gets answers)`);
  }
  return campaignStageReport(campaignId, cursor, problems);
}
