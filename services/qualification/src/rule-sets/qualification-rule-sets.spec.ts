import { DEMO_QUALIFICATION_RULE_SET } from '#libs/lead-qualification';
import { STORED_RULE_SET_GUARD } from '#libs/rule-set-kit';
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
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: 'rules[id=x].when.country.in[0]', rule: 'x', field: 'country' });
  });

  it('reads a version saved under the older, looser limits with those limits: it keeps working', () => {
    // A keyword list named "constructor" was accepted before every kind refused prototype keys.
    const legacy = { ...DEMO_QUALIFICATION_RULE_SET, version: 2, keywordLists: { ...DEMO_QUALIFICATION_RULE_SET.keywordLists, constructor: ['pricing'] } };
    expect(validateStoredQualificationRuleSet(legacy)).toMatchObject({ ok: false, errors: [{ path: 'keywordLists.constructor', message: 'key "constructor" is not allowed' }] });
    expect(validateStoredQualificationRuleSet(legacy, { guard: STORED_RULE_SET_GUARD })).toMatchObject({ ok: true, ruleSet: { version: '2' } });
  });
});
