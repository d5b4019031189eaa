import { DEMO_QUALIFICATION_RULE_SET } from './demo-rule-set.js';
import { RULE_SET_GUARD } from '#libs/rule-set-kit';
import { RULE_SET_LIMITS, validateQualificationRuleSet, type RuleSetError } from './rule-set.js';

const base = () => ({
  version: 'v1',
  keywordLists: { buying: ['pricing'] },
  rules: [{ id: 'role', when: { role: true }, decision: 'rejected', reason: 'role account' }],
  default: 'qualified',
});

/** The errors of a refused rule set; an accepted one has none, which every case below then fails on. */
const errorsOf = (input: unknown): RuleSetError[] => {
  const result = validateQualificationRuleSet(input);
  return result.ok ? [] : result.errors;
};

describe('validateQualificationRuleSet', () => {
  it('accepts the demo rule set', () => {
    const result = validateQualificationRuleSet(JSON.parse(JSON.stringify(DEMO_QUALIFICATION_RULE_SET)));
    expect(result.ok).toBe(true);
  });

  it('accepts a minimal rule set and normalises country codes', () => {
    const input = { ...base(), rules: [{ id: 'eu', when: { country: { in: ['de', 'Fr'] } }, decision: 'qualified', reason: 'EU' }] };
    const result = validateQualificationRuleSet(input);
    expect(result.ok && result.ruleSet.rules[0]!.when.country).toEqual({ in: ['DE', 'FR'] });
  });

  it.each<[string, (r: ReturnType<typeof base>) => unknown, Partial<RuleSetError>]>([
    ['not an object', () => [], { path: '', message: 'a rule set must be a JSON object (got a list)' }],
    ['missing version', (r) => ({ ...r, version: undefined }), { path: 'version', field: 'version' }],
    ['bad version', (r) => ({ ...r, version: 'v 1' }), { path: 'version', field: 'version', message: expect.stringContaining('a version is') }],
    ['bad default', (r) => ({ ...r, default: 'rejected' }), { path: 'default', field: 'default' }],
    ['unknown top-level key', (r) => ({ ...r, extra: 1 }), { path: 'extra', field: 'extra', message: 'unknown property "extra"; allowed: version, description, emailPolicy, keywordLists, intentFields, rules, default' }],
    ['unknown key in a rule', (r) => ({ ...r, rules: [{ ...r.rules[0], priority: 1 }] }), { path: 'rules[id=role].priority', rule: 'role', field: 'priority', message: 'unknown property "priority"; allowed: id, description, when, decision, reason' }],
    ['unknown condition', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { role: true, seniority: 'vp' } }] }), { path: 'rules[id=role].when.seniority', rule: 'role', field: 'seniority' }],
    ['empty when', (r) => ({ ...r, rules: [{ ...r.rules[0], when: {} }] }), { path: 'rules[id=role].when', rule: 'role', field: 'when', message: expect.stringContaining('needs at least one condition') }],
    ['bad decision', (r) => ({ ...r, rules: [{ ...r.rules[0], decision: 'maybe' }] }), { path: 'rules[id=role].decision', rule: 'role', field: 'decision' }],
    ['empty reason', (r) => ({ ...r, rules: [{ ...r.rules[0], reason: '  ' }] }), { path: 'rules[id=role].reason', rule: 'role', field: 'reason', message: 'must not be empty' }],
    ['bad rule id', (r) => ({ ...r, rules: [{ ...r.rules[0], id: 'Role Account' }] }), { path: 'rules[0].id', rule: 'rules[0]', field: 'id' }],
    ['rule id not a string', (r) => ({ ...r, rules: [{ ...r.rules[0], id: 7 }] }), { path: 'rules[0].id', rule: 'rules[0]', field: 'id' }],
    ['wrong type for a flag', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { role: 'yes' } }] }), { path: 'rules[id=role].when.role', rule: 'role', field: 'role' }],
    ['unknown email verdict', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { emailVerdict: ['ok'] } }] }), { path: 'rules[id=role].when.emailVerdict[0]', rule: 'role', field: 'emailVerdict' }],
    ['unknown email reason', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { emailReason: ['timeout'] } }] }), { path: 'rules[id=role].when.emailReason[0]', rule: 'role', field: 'emailReason' }],
    ['bad country code', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { country: { in: ['Germany'] } } }] }), { path: 'rules[id=role].when.country.in[0]', rule: 'role', field: 'country', message: expect.stringContaining('ISO 3166-1') }],
    ['empty country condition', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { country: {} } }] }), { path: 'rules[id=role].when.country', rule: 'role', field: 'country' }],
    ['unknown missing field', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { missingFields: ['fristName'] } }] }), { path: 'rules[id=role].when.missingFields[0]', rule: 'role', field: 'missingFields', message: expect.stringContaining('unknown lead field "fristName"') }],
    ['undefined keyword list', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { intent: { anyOf: ['buyng'] } } }] }), { path: 'rules[id=role].when.intent.anyOf[0]', rule: 'role', field: 'intent', message: expect.stringContaining('keyword list "buyng" is not defined; defined: buying') }],
    ['empty intent condition', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { intent: {} } }] }), { path: 'rules[id=role].when.intent', rule: 'role', field: 'intent' }],
    ['min on a text field', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { fields: [{ field: 'industry', min: 3 }] } }] }), { path: 'rules[id=role].when.fields[0].min', rule: 'role', field: 'fields', message: expect.stringContaining('numeric fields only') }],
    ['in on a numeric field', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { fields: [{ field: 'employeeCount', in: ['10'] }] } }] }), { path: 'rules[id=role].when.fields[0].in', rule: 'role', field: 'fields' }],
    ['max below min', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { fields: [{ field: 'employeeCount', min: 50, max: 10 }] } }] }), { path: 'rules[id=role].when.fields[0].max', message: 'max (10) is below min (50)' }],
    ['field condition without an operator', (r) => ({ ...r, rules: [{ ...r.rules[0], when: { fields: [{ field: 'industry' }] } }] }), { path: 'rules[id=role].when.fields[0]', message: 'condition on industry needs in, notIn, min or max' }],
    ['keyword list with a bad name', (r) => ({ ...r, keywordLists: { 'Buying Intent': ['x'] } }), { path: 'keywordLists["Buying Intent"]', field: 'keywordLists' }],
    ['empty keyword list', (r) => ({ ...r, keywordLists: { buying: [] } }), { path: 'keywordLists.buying', message: 'a keyword list needs at least one keyword' }],
    ['keyword that can never match', (r) => ({ ...r, keywordLists: { buying: ['pricing', '!!!'] } }), { path: 'keywordLists.buying[1]', message: expect.stringContaining('no letters or digits') }],
    ['over-long keyword', (r) => ({ ...r, keywordLists: { buying: ['x'.repeat(101)] } }), { path: 'keywordLists.buying[0]', message: 'must be at most 100 characters' }],
    ['__proto__ key at the top', (r) => JSON.parse(`{"__proto__": {"x": 1}, "version": "${r.version}"}`), { path: '__proto__', field: '__proto__', message: 'key "__proto__" is not allowed' }],
    ['__proto__ key inside a rule', (r) => ({ ...r, rules: [JSON.parse('{"id": "p", "__proto__": {"decision": "qualified"}}')] }), { path: 'rules[id=p].__proto__', rule: 'p', message: 'key "__proto__" is not allowed' }],
    ['__proto__ keyword list', (r) => ({ ...r, keywordLists: JSON.parse('{"__proto__": ["x"]}') }), { path: 'keywordLists.__proto__', field: 'keywordLists', message: 'key "__proto__" is not allowed' }],
    ['too deep', (r) => {
      let deep: unknown = 1;
      for (let i = 0; i < 20; i++) deep = { a: deep };
      return { ...r, description: deep };
    }, { message: expect.stringContaining('nested deeper than') }],
  ])('%s', (_name, mutate, expected) => {
    expect(errorsOf(mutate(base()))).toContainEqual(expect.objectContaining(expected));
  });

  it('names duplicate rule ids', () => {
    const r = base();
    const errors = errorsOf({ ...r, rules: [r.rules[0], { ...r.rules[0], reason: 'again' }] });
    expect(errors).toEqual([{ path: 'rules[1].id', rule: 'role', field: 'id', message: 'duplicate rule id "role" (first used by rules[0])' }]);
  });

  it('collects every error in one pass, in document order', () => {
    const errors = errorsOf({
      version: '',
      rules: [
        { id: 'a', when: { role: 'x' }, decision: 'maybe', reason: 'r' },
        { id: 'b', when: { intent: { anyOf: ['nope'] } }, decision: 'qualified', reason: '' },
      ],
      default: 'qualified',
      colour: 'blue',
    });
    expect(errors.map((e) => e.path)).toEqual(['version', 'rules[id=a].when.role', 'rules[id=a].decision', 'rules[id=b].when.intent.anyOf[0]', 'rules[id=b].reason', 'colour']);
  });

  it('caps sizes', () => {
    const rules = Array.from({ length: RULE_SET_LIMITS.rules + 1 }, (_, i) => ({ id: `r${i}`, when: { role: true }, decision: 'rejected', reason: 'x' }));
    expect(errorsOf({ ...base(), rules })).toContainEqual(expect.objectContaining({ path: 'rules', message: `at most ${RULE_SET_LIMITS.rules} rules` }));
    const lists = Object.fromEntries(Array.from({ length: RULE_SET_LIMITS.keywordLists + 1 }, (_, i) => [`l${i}`, ['x']]));
    expect(errorsOf({ ...base(), keywordLists: lists })).toContainEqual(expect.objectContaining({ path: 'keywordLists', message: `at most ${RULE_SET_LIMITS.keywordLists} keyword lists` }));
    const huge = { ...base(), description: Array.from({ length: RULE_SET_GUARD.maxNodes }, () => 1) };
    expect(errorsOf(huge)).toEqual([{ path: '', message: `rule set is too large (more than ${RULE_SET_GUARD.maxNodes} values)` }]);
  });

  it('lists at most the error cap, then a count', () => {
    const rules = Array.from({ length: 150 }, (_, i) => ({ id: `r${i}`, when: { role: true }, decision: 'nope', reason: 'x' }));
    const errors = errorsOf({ ...base(), rules });
    expect(errors).toHaveLength(RULE_SET_GUARD.maxErrors + 1);
    expect(errors.at(-1)).toEqual({ path: '', message: '50 more errors not listed' });
  });

  it('lists every __proto__ key', () => {
    const errors = errorsOf(JSON.parse('{"__proto__": 1, "version": "v1", "rules": [{"__proto__": 2}], "default": "qualified"}'));
    expect(errors.filter((e) => e.message === 'key "__proto__" is not allowed').map((e) => e.path)).toEqual(['rules[0].__proto__', '__proto__']);
  });

  it('does not pollute prototypes', () => {
    validateQualificationRuleSet(JSON.parse('{"__proto__": {"polluted": true}, "version": "v1", "rules": [], "default": "qualified"}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
