/**
 * Routing for the demo campaign seeded on first run: two territories over the bundled sample leads (EMEA
 * enterprise accounts, the Americas), three reps, everyone else shared by all of them.
 */
import type { RoutingRuleSet } from './routing-rule-set.js';

export const DEMO_CAMPAIGN_ID = 'demo';

export const DEMO_ROUTING_RULE_SET: RoutingRuleSet = deepFreeze({
  version: 1,
  sequences: { hot: 'demo-hot-personal', warm: 'demo-warm', cool: 'demo-cool-slow', cold: null },
  territories: [
    {
      id: 'emea-enterprise',
      match: {
        country: { in: ['AT', 'BE', 'CH', 'DE', 'DK', 'ES', 'FI', 'FR', 'GB', 'IE', 'IT', 'NL', 'NO', 'PL', 'PT', 'SE'] },
        employeeCount: { gte: 1000 },
      },
      owners: ['alice', 'bruno'],
      // Enterprise accounts are worth a rep from another territory rather than a day's wait.
      overflow: 'anyOwner',
    },
    { id: 'americas', match: { country: { in: ['US', 'CA', 'MX', 'BR', 'AR', 'CL', 'CO'] } }, owners: ['carmen'] },
  ],
  owners: [
    { id: 'alice', weight: 3, dailyCapacity: 50, active: true },
    { id: 'bruno', weight: 2, dailyCapacity: 40, active: true },
    { id: 'carmen', weight: 1, dailyCapacity: 30, active: true },
  ],
  guardrails: {
    doNotContactStages: ['customer', 'open opportunity', 'disqualified'],
    colleagueReplied: 'review',
    colleagueReplyWindowDays: 90,
    activeInOtherSequence: 'skip',
    perCampaignDailyCap: 100,
  },
  sla: { hotUntouchedMinutes: 60, action: 'reassign', escalateTo: 'sales-manager' },
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
