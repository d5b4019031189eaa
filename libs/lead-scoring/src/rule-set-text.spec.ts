import { DEFAULT_SCORING_RULE_SET } from './default-rule-set.js';
import { validateScoringRuleSetText } from './validate-rule-set.js';

const YAML_RULE_SET = `
version: 3
name: Mid-market SaaS
fit:
  max: 60
  rules:
    - id: vp-title
      field: titleSeniority
      operator: in
      value: [vp, c-level]
      points: 20
    - id: outside-icp
      field: country
      operator: notIn
      value: [US, GB]
      points: -10
      reason: country outside ICP
intent:
  rules: []
engagement:
  open: 1
  click: 4
  reply: 15
  cap: 25
  decay: { kind: half-life, halfLifeDays: 14 }
tiers: { hot: 75, warm: 55, cool: 35 }
`;

describe('scoring rule sets as JSON or YAML text', () => {
  it('accepts YAML', () => {
    const result = validateScoringRuleSetText(YAML_RULE_SET);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.ruleSet.version).toBe(3);
      expect(result.ruleSet.fit.rules[1]).toEqual({ id: 'outside-icp', field: 'country', operator: 'notIn', value: ['US', 'GB'], points: -10, reason: 'country outside ICP' });
    }
  });

  it('accepts JSON', () => {
    expect(validateScoringRuleSetText(JSON.stringify(DEFAULT_SCORING_RULE_SET, null, 2))).toEqual({ ok: true, ruleSet: DEFAULT_SCORING_RULE_SET });
  });

  it('reports validation errors with the line and column of the value', () => {
    const text = YAML_RULE_SET.replace('operator: in', 'operator: gte').replace('open: 1', 'open: 9');
    const result = validateScoringRuleSetText(text);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'fit.rules[id=vp-title].operator',
          rule: 'vp-title',
          field: 'titleSeniority',
          message: 'operator "gte" does not apply to titleSeniority; use equals, in, notIn or missing',
          line: 9,
          column: 17,
        },
        {
          path: 'engagement.open',
          rule: 'engagement',
          field: 'open',
          message: 'open (9) must weigh less than click (4): a click shows more intent than an open',
          line: 21,
          column: 9,
        },
      ],
    });
  });

  it('points a missing key at its parent', () => {
    const text = YAML_RULE_SET.replace('      points: 20\n', '');
    const result = validateScoringRuleSetText(text);
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'fit.rules[id=vp-title].points', message: 'is required', line: 7, column: 7 }] });
  });

  it('refuses a __proto__ key in YAML', () => {
    const result = validateScoringRuleSetText(`${YAML_RULE_SET}__proto__:\n  polluted: true\n`);
    expect(result).toMatchObject({ ok: false, errors: [{ path: '__proto__', message: 'key "__proto__" is not allowed', line: 28, column: 3 }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses infinite numbers written in YAML', () => {
    const result = validateScoringRuleSetText(YAML_RULE_SET.replace('points: 20', 'points: .inf'));
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'fit.rules[id=vp-title].points', message: 'must be a whole number from -100 to 100 (got Infinity)', line: 11 }] });
  });
});
