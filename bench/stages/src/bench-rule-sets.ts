import { DEMO_QUALIFICATION_RULE_SET } from '#libs/lead-qualification';
import type { RoutingRuleSet } from '#libs/lead-routing';
import { DEFAULT_SCORING_RULE_SET } from '#libs/lead-scoring';

/**
 * The rule sets the benchmark campaign runs with, saved and activated through the API as an operator would.
 * Scoring and qualification are the project's own starter/demo sets. Routing is sized like a real sales team
 * (per-owner and per-campaign daily caps): 24 reps in four territories plus a catch-all, so a big
 * campaign enrols a day's capacity and holds the rest, which is the normal state of a 1M-lead campaign.
 */
export const BENCH_SCORING_RULE_SET = DEFAULT_SCORING_RULE_SET;
export const BENCH_QUALIFICATION_RULE_SET = DEMO_QUALIFICATION_RULE_SET;

const owners = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
const NA = owners('na', 8);
const DACH = owners('dach', 5);
const WEST = owners('west', 5);
const APAC = owners('apac', 3);
const SHARED = owners('shared', 3);

export const BENCH_ROUTING_RULE_SET: RoutingRuleSet = {
  version: 1,
  sequences: { hot: 'bench-hot-personal', warm: 'bench-warm', cool: 'bench-cool-slow', cold: null },
  territories: [
    { id: 'north-america', match: { country: { in: ['US', 'CA', 'MX'] } }, owners: NA },
    { id: 'dach-enterprise', match: { country: { in: ['DE', 'AT', 'CH'] }, employeeCount: { gte: 1000 } }, owners: DACH, overflow: 'anyOwner' },
    { id: 'dach', match: { country: { in: ['DE', 'AT', 'CH'] } }, owners: DACH },
    { id: 'western-europe', match: { country: { in: ['GB', 'IE', 'FR', 'NL', 'BE', 'ES', 'SE', 'PL'] } }, owners: WEST },
    { id: 'apac', match: { country: { in: ['IN', 'JP', 'AU'] } }, owners: APAC },
    { id: 'everyone-else', match: {}, owners: SHARED },
  ],
  owners: [...NA, ...DACH, ...WEST, ...APAC, ...SHARED].map((id, i) => ({ id, weight: 1 + (i % 3), dailyCapacity: 250, active: i % 11 !== 10 })),
  guardrails: {
    doNotContactStages: ['customer', 'open opportunity', 'disqualified'],
    colleagueReplied: 'review',
    colleagueReplyWindowDays: 90,
    activeInOtherSequence: 'skip',
    perOwnerDailyCap: 250,
    perCampaignDailyCap: 5000,
  },
  sla: { hotUntouchedMinutes: 60, action: 'reassign', escalateTo: 'sales-manager' },
};
