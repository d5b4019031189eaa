import { z } from 'zod';
import { RULE_SET_GUARD, STORED_RULE_SET_GUARD } from './guard.js';
import type { RuleSetError } from './rule-set-error.js';
import { ruleSetValidator } from './validate.js';

// A small kind of its own: what the kit does for any kind, apart from the three real ones.
const validate = ruleSetValidator({
  schema: z.strictObject({
    version: z.int().min(1),
    limits: z.strictObject({ daily: z.int().min(0, 'daily must be at least 0'), weekly: z.int().optional() }).optional(),
    rules: z.array(z.strictObject({ id: z.string(), when: z.strictObject({ tag: z.string().min(1, 'tag must not be empty') }), points: z.int() })),
    lists: z.record(z.string(), z.array(z.string())).optional(),
    notes: z.unknown().optional(),
  }),
  ruleLists: [[['rules']]],
  idPattern: /^[a-z][a-z0-9-]*$/,
  sections: ['limits'],
  conditionKey: 'when',
  crossChecks: (input) => ((input as { limits?: { weekly?: number; daily?: number } }).limits?.weekly ?? Infinity) < ((input as { limits?: { daily?: number } }).limits?.daily ?? 0)
    ? [{ path: ['limits', 'weekly'], message: 'weekly must not be below daily' }]
    : [],
});

const rule = (id: unknown, tag = 'a') => ({ id, when: { tag }, points: 1 });

function errorsOf(input: unknown, options?: Parameters<typeof validate>[1]): RuleSetError[] {
  const result = validate(input, options);
  return result.ok ? [] : result.errors;
}

describe('ruleSetValidator', () => {
  it('returns the rule set when shape and checks pass', () => {
    expect(validate({ version: 1, rules: [rule('a')] })).toEqual({ ok: true, ruleSet: { version: 1, rules: [rule('a')] } });
  });

  it('names rules by a unique id, else by index, and the condition as the field', () => {
    expect(errorsOf({ version: 1, rules: [rule('a', ''), rule('b'), rule('b', ''), rule('Bad Id', '')] })).toEqual([
      { path: 'rules[id=a].when.tag', rule: 'a', field: 'tag', message: 'tag must not be empty' },
      { path: 'rules[2].when.tag', rule: 'b', field: 'tag', message: 'tag must not be empty' },
      { path: 'rules[3].when.tag', rule: 'rules[3]', field: 'tag', message: 'tag must not be empty' },
    ]);
  });

  it('names a settings section as the rule and the setting as the field, and lists errors in schema order', () => {
    expect(errorsOf({ version: 0, limits: { weekly: 1, daily: 5, hourly: 1 }, rules: [], zebra: 1 })).toEqual([
      { path: 'version', field: 'version', message: expect.any(String) },
      { path: 'limits.weekly', rule: 'limits', field: 'weekly', message: 'weekly must not be below daily' },
      { path: 'limits.hourly', rule: 'limits', field: 'hourly', message: 'unknown property "hourly"; allowed: daily, weekly' },
      { path: 'zebra', field: 'zebra', message: 'unknown property "zebra"; allowed: version, limits, rules, lists, notes' },
    ]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(errorsOf({ version: 1, rules: [], lists: { 'two words': [1] } })).toEqual([
      { path: 'lists["two words"][0]', field: 'lists', message: expect.stringContaining('expected string') },
    ]);
  });

  it('reads versions saved under the older limits with STORED_RULE_SET_GUARD, and only those', () => {
    const legacy = { version: 1, rules: [], lists: { constructor: ['x'] }, notes: [[[[[[[['x']]]]]]]] };
    expect(errorsOf(legacy).map((e) => e.message)).toEqual(['rule set is nested deeper than 8 levels']);
    expect(errorsOf({ ...legacy, notes: undefined })).toEqual([{ path: 'lists.constructor', field: 'lists', message: 'key "constructor" is not allowed' }]);
    expect(validate(legacy, { guard: STORED_RULE_SET_GUARD }).ok).toBe(true);
    expect(errorsOf(JSON.parse('{"version": 1, "rules": [], "lists": {"__proto__": ["x"]}}'), { guard: STORED_RULE_SET_GUARD })).toContainEqual(
      expect.objectContaining({ path: 'lists.__proto__', message: 'key "__proto__" is not allowed' }),
    );
  });

  it('refuses a huge list from its length, without walking it', () => {
    const rules = new Array(5_000_000);
    expect(errorsOf({ version: 1, rules })).toEqual([{ path: '', message: `rule set is too large (more than ${RULE_SET_GUARD.maxNodes} values)` }]);
  });
});
