import { Inject, Injectable } from '@nestjs/common';
import { compileRuleSet, type CompiledRuleSet, type ScoringRuleSet } from '#libs/lead-scoring';
import { RULE_SET_STORE, type RuleSetStore } from '#libs/rule-set-store';

/** Compiled scoring rule sets by campaign and version, shared by the daily run and engagement rescoring. */
@Injectable()
export class CompiledRuleSets {
  // Compiling is cheap but not free; versions never change once stored.
  private readonly compiled = new Map<string, CompiledRuleSet>();

  constructor(@Inject(RULE_SET_STORE) private readonly store: RuleSetStore<ScoringRuleSet>) {}

  of(campaignId: string, version: number, ruleSet: ScoringRuleSet): CompiledRuleSet {
    const key = `${campaignId}@${version}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = compileRuleSet(ruleSet);
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  /** A stored version, read from the store the first time. */
  async version(campaignId: string, version: number): Promise<CompiledRuleSet> {
    const cached = this.compiled.get(`${campaignId}@${version}`);
    if (cached) return cached;
    const stored = await this.store.get(campaignId, version);
    return this.of(campaignId, version, stored.ruleSet);
  }
}
