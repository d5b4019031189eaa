import { DEMO_QUALIFICATION_RULE_SET } from '../../../../libs/lead-qualification/src/index.js';
import { validateStoredQualificationRuleSet } from './qualification-rule-sets.js';

describe('validateStoredQualificationRuleSet', () => {
  it('accepts the demo rule set with the number the store assigns as its version', () => {
    const result = validateStoredQualificationRuleSet({ ...DEMO_QUALIFICATION_RULE_SET, version: 3 });
    expect(result).toMatchObject({ ok: true, ruleSet: { version: '3' } });
  });

  it('still names the rule and field of a bad rule', () => {
    const bad = { ...DEMO_QUALIFICATION_RULE_SET, version: 1, rules: [{ id: 'x', when: { country: { in: ['Germany'] } }, decision: 'qualified', reason: 'r' }] };
    const result = validateStoredQualificationRuleSet(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'rules[0].when.country.in[0]', rule: 'x', field: 'country' });
  });
});
