// One table, three kinds: the same bad input gets the same error (path, rule, field, message) from the scoring,
// qualification and routing validators, because all three run the kit's guard, locator, order and cap.
import { stringify } from 'yaml';
import { DEMO_QUALIFICATION_RULE_SET, validateQualificationRuleSet } from '#libs/lead-qualification';
import { DEMO_ROUTING_RULE_SET, validateRoutingRuleSet } from '#libs/lead-routing';
import { DEFAULT_SCORING_RULE_SET, validateScoringRuleSet } from '#libs/lead-scoring';
import { RULE_SET_GUARD } from './guard.js';
import type { RuleSetError, RuleSetValidation } from './rule-set-error.js';
import { validateRuleSetText, type RuleSetValidator } from './validate.js';

type Raw = Record<string, any>;

interface Kind {
  validate: RuleSetValidator<unknown>;
  base(): Raw;
  /** Adds a rule `where` whose country condition lists these codes; returns the path of the first code. */
  withCountries(r: Raw, codes: string[]): string;
  countriesOf(ruleSet: any): unknown;
}

const copy = (value: unknown): Raw => JSON.parse(JSON.stringify(value));

const kinds: Record<'scoring' | 'qualification' | 'routing', Kind> = {
  scoring: {
    validate: validateScoringRuleSet as RuleSetValidator<unknown>,
    base: () => copy(DEFAULT_SCORING_RULE_SET),
    withCountries: (r, codes) => {
      r.fit.rules.push({ id: 'where', field: 'country', operator: 'in', value: codes, points: 1 });
      return 'fit.rules[id=where].value[0]';
    },
    countriesOf: (s) => s.fit.rules.find((rule: Raw) => rule.id === 'where').value,
  },
  qualification: {
    validate: validateQualificationRuleSet as RuleSetValidator<unknown>,
    base: () => copy(DEMO_QUALIFICATION_RULE_SET),
    withCountries: (r, codes) => {
      r.rules.unshift({ id: 'where', when: { country: { in: codes } }, decision: 'qualified', reason: 'in our countries' });
      return 'rules[id=where].when.country.in[0]';
    },
    countriesOf: (s) => s.rules[0].when.country.in,
  },
  routing: {
    validate: validateRoutingRuleSet as RuleSetValidator<unknown>,
    base: () => copy(DEMO_ROUTING_RULE_SET),
    withCountries: (r, codes) => {
      r.territories.unshift({ id: 'where', match: { country: { in: codes } }, owners: [r.owners[0].id] });
      return 'territories[id=where].match.country.in[0]';
    },
    countriesOf: (s) => s.territories[0].match.country.in,
  },
};

const each = Object.entries(kinds);

function errorsOf(result: RuleSetValidation<unknown>): RuleSetError[] {
  if (result.ok) throw new Error('expected the rule set to be refused');
  return result.errors;
}

function deep(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}

describe('the same bad input gets the same errors from every kind of rule set', () => {
  it('accepts each kind\'s own starter set', () => {
    for (const [, kind] of each) expect(kind.validate(kind.base()).ok).toBe(true);
  });

  it.each<[string, (r: Raw) => unknown, RuleSetError[]]>([
    ['a list instead of an object', () => [], [{ path: '', message: 'a rule set must be a JSON object (got a list)' }]],
    ['null', () => null, [{ path: '', message: 'a rule set must be a JSON object (got null)' }]],
    ['text', () => 'rules', [{ path: '', message: 'a rule set must be a JSON object (got "rules")' }]],
    ['a class instance', () => new Date(0), [{ path: '', message: 'must be plain JSON data (an object, list, text, number or true/false)' }]],
    ['a __proto__ key', (r) => ({ ...JSON.parse('{"__proto__": {"polluted": true}}'), ...r }), [{ path: '__proto__', field: '__proto__', message: 'key "__proto__" is not allowed' }]],
    ['a constructor key', (r) => ({ ...r, constructor: {} }), [{ path: 'constructor', field: 'constructor', message: 'key "constructor" is not allowed' }]],
    ['a prototype key', (r) => ({ ...r, prototype: 1 }), [{ path: 'prototype', field: 'prototype', message: 'key "prototype" is not allowed' }]],
    ['nesting 8 levels deep', (r) => ({ ...r, notes: deep(8) }), [{ path: '', message: 'rule set is nested deeper than 8 levels' }]],
    ['more than 20,000 values', (r) => ({ ...r, notes: new Array(RULE_SET_GUARD.maxNodes).fill(1) }), [{ path: '', message: 'rule set is too large (more than 20000 values)' }]],
  ])('%s', (_name, breakIt, expected) => {
    for (const [name, kind] of each) {
      expect({ name, errors: errorsOf(kind.validate(breakIt(kind.base()))) }).toEqual({ name, errors: expected });
    }
    expect(({} as Raw).polluted).toBeUndefined();
  });

  it('an unknown property: the same message, then what this kind allows', () => {
    for (const [name, kind] of each) {
      const [error, ...rest] = errorsOf(kind.validate({ ...kind.base(), owner: 'me' }));
      expect({ name, rest }).toEqual({ name, rest: [] });
      expect(error).toEqual({ path: 'owner', field: 'owner', message: expect.stringMatching(/^unknown property "owner"; allowed: version, /) });
    }
  });

  it('a country name instead of a code: the same message, the rule named by its id', () => {
    for (const [name, kind] of each) {
      const input = kind.base();
      const path = kind.withCountries(input, ['Germany']);
      expect({ name, errors: errorsOf(kind.validate(input)) }).toEqual({
        name,
        errors: [{ path, rule: 'where', field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code such as "DE" (got "Germany")' }],
      });
    }
  });

  it('country codes in any case come back in upper case', () => {
    for (const [name, kind] of each) {
      const input = kind.base();
      kind.withCountries(input, ['de', ' Fr ']);
      const result = kind.validate(input);
      expect({ name, countries: result.ok && kind.countriesOf(result.ruleSet) }).toEqual({ name, countries: ['DE', 'FR'] });
    }
  });

  it('lists at most 100 errors, then how many more', () => {
    for (const [name, kind] of each) {
      const input = kind.base();
      for (let i = 0; i < 150; i++) input[`extra${i}`] = i;
      const errors = errorsOf(kind.validate(input));
      expect({ name, count: errors.length, last: errors.at(-1) }).toEqual({ name, count: 101, last: { path: '', message: '50 more errors not listed' } });
    }
  });

  it('text: a syntax error and a forbidden key carry the same line and column', () => {
    const broken = '{\n  "version": 1\n  "rules": []\n}';
    const syntax = errorsOf(validateRuleSetText(validateScoringRuleSet, broken));
    expect(syntax[0]).toMatchObject({ path: '', line: 2, column: 14, message: expect.stringMatching(/^line 2, column 14: /) });
    for (const [name, kind] of each) {
      expect({ name, errors: errorsOf(validateRuleSetText(kind.validate, broken)) }).toEqual({ name, errors: syntax });
      const text = `constructor: {}\n${stringify(kind.base())}`;
      expect({ name, errors: errorsOf(validateRuleSetText(kind.validate, text)) }).toEqual({
        name,
        errors: [{ path: 'constructor', field: 'constructor', message: 'key "constructor" is not allowed', line: 1, column: 14 }],
      });
    }
  });
});
