import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RULE_SET_STORE, RuleSetStore, type RuleSetValidation, type StoredRuleSet } from '#libs/rule-set-store';

/** A stage's rule sets: versioned per campaign in `<schema>.rule_sets`, served under the shared internal routes. */
export interface StageRuleSets<R> {
  /** The stage's validator; every save and every seed goes through it. */
  validate(input: unknown): RuleSetValidation<R>;
  /** What a campaign without rule sets starts from: version 1, active and editable (validated like any save). */
  starter: unknown;
}

/** The stage's RULE_SET_STORE, on the service's own data source and schema. */
export function ruleSetStoreProvider<R>(schema: string, ruleSets: StageRuleSets<R>): Provider {
  return { provide: RULE_SET_STORE, inject: [getDataSourceToken()], useFactory: (db: DataSource) => new RuleSetStore<R>(db, schema, ruleSets.validate) };
}

/**
 * The campaign's active rule set. A campaign with no rule sets yet gets the starter set first, so a new campaign
 * runs without setup; null means it has versions but none active, which the stage reports as a problem.
 */
export async function activeRuleSet<R>(store: RuleSetStore<R>, stage: string, campaignId: string, starter: unknown): Promise<StoredRuleSet<R> | null> {
  await store.seed(campaignId, starter, `starter rule set, seeded on the first ${stage} run`);
  return store.active(campaignId);
}
