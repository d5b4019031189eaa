import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEMO_CAMPAIGN_ID, DEMO_ROUTING_RULE_SET, validateRoutingRuleSet, type RoutingRuleSet } from '../../../../libs/lead-routing/src/index.js';
import { RULE_SET_STORE, RuleSetStore, ruleSetController } from '../../../../libs/rule-set-store/src/index.js';

/** Routing rule sets: versioned per campaign in routing.rule_sets, validated by the lib on every save. */
export const routingRuleSetStore: Provider = {
  provide: RULE_SET_STORE,
  inject: [getDataSourceToken()],
  useFactory: (db: DataSource) => new RuleSetStore<RoutingRuleSet>(db, 'routing', validateRoutingRuleSet),
};

/** The shared rule-set routes under /internal/campaigns/:campaignId/rule-sets, which the API forwards to. */
export const RoutingRuleSetsController = ruleSetController();

/** The demo campaign routes out of the box; a no-op once the campaign has any routing rule set. */
export function seedDemoRoutingRules(store: RuleSetStore<RoutingRuleSet>): Promise<void> {
  return store.seed(DEMO_CAMPAIGN_ID, DEMO_ROUTING_RULE_SET, 'demo seed');
}
