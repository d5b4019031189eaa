import { DEFAULT_SCORING_RULE_SET } from './default-rule-set.js';
import { parseScoringRuleSetText, validateScoringRuleSetText } from './rule-set-text.js';

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

describe('validateScoringRuleSetText', () => {
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

describe('parseScoringRuleSetText', () => {
  it.each<[string, string, { message: string; line?: number; column?: number }]>([
    ['JSON with a missing comma', '{\n  "version": 1\n  "fit": {}\n}', { message: expect.stringMatching(/^line 2, column 14: /), line: 2, column: 14 }],
    ['a duplicate key (JSON.parse would keep the last)', '{"version": 1, "version": 2}', { message: 'line 1, column 16: Map keys must be unique', line: 1, column: 16 }],
    ['YAML with a bad indent', 'fit:\n  rules: [\nversion: 1', { message: expect.stringMatching(/^line 3, column 1: /), line: 3, column: 1 }],
    ['two documents', 'version: 1\n---\nversion: 2\n', { message: expect.stringMatching(/multiple documents|Source contains/i) }],
    ['empty text', '  \n ', { message: 'rule set text is empty' }],
    ['text over the size limit', `# ${'x'.repeat(600_000)}`, { message: 'rule set text is 600002 characters long; the limit is 524288' }],
  ])('refuses %s', (_name, text, expected) => {
    const result = parseScoringRuleSetText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: '', ...expected });
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const result = parseScoringRuleSetText(lines.join('\n'));
    expect(result.ok).toBe(false);
  });

  it('keeps YAML 1.2 core types: yes stays text, 0x10 is a number', () => {
    expect(parseScoringRuleSetText('a: yes\nb: 0x10\nc: ~\n')).toEqual({ ok: true, value: { a: 'yes', b: 16, c: null } });
  });
});
