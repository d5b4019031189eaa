import {
  DEMO_QUALIFICATION_RULE_SET,
  compileQualificationRuleSet,
  validateQualificationRuleSet,
  type CompiledQualificationRuleSet,
  type QualificationRuleSet,
} from '#libs/lead-qualification';
import type { RuleSetStore } from '#libs/rule-set-store';
import { STORED_RULE_SET_GUARD, type RuleSetValidation, type ValidateOptions } from '#libs/rule-set-kit';

/**
 * The store numbers versions (1, 2, …) and writes the number into the body; a qualification rule set's own
 * `version` is text (`demo-2026-11.1`). The stored number is the version: the validator sees it as text, so a
 * stored body always names the stored version.
 */
export function validateStoredQualificationRuleSet(input: unknown, options?: ValidateOptions): RuleSetValidation<QualificationRuleSet> {
  const body = input && typeof input === 'object' && !Array.isArray(input) && typeof (input as { version?: unknown }).version === 'number'
    ? { ...(input as object), version: String((input as { version: number }).version) }
    : input;
  return validateQualificationRuleSet(body, options);
}

export type ActiveRuleSet = { ok: true; version: number; compiled: CompiledQualificationRuleSet } | { ok: false; problem: string };

/**
 * The campaign's active rule set, compiled. Stored bodies were validated on save; they are validated again so a
 * body the current rules no longer accept degrades the stage with the reason, instead of judging by half a rule set.
 * Versions saved under the looser limits of before the shared guard (more values, deeper, `constructor` as a
 * keyword-list name) keep working: they are read with those limits, and the store's startup check lists them.
 */
export async function activeQualificationRuleSet(store: RuleSetStore<QualificationRuleSet>, campaignId: string): Promise<ActiveRuleSet> {
  // A campaign with no qualification rules yet starts from the starter set (version 1, editable); drafts only is a problem.
  await store.seed(campaignId, DEMO_QUALIFICATION_RULE_SET, 'starter rule set, seeded on the first qualification run');
  const active = await store.active(campaignId);
  if (!active) return { ok: false, problem: `campaign ${campaignId} has no active qualification rule set; create one and activate it` };
  const checked = validateStoredQualificationRuleSet({ ...active.ruleSet, version: active.version }, { guard: STORED_RULE_SET_GUARD });
  if (!checked.ok) {
    const first = checked.errors[0];
    return { ok: false, problem: `active qualification rule set version ${active.version} no longer validates (${checked.errors.length} problems, first: ${first?.path || '(root)'}: ${first?.message})` };
  }
  return { ok: true, version: active.version, compiled: compileQualificationRuleSet(checked.ruleSet) };
}
