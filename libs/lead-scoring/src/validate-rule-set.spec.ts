import { DEFAULT_SCORING_RULE_SET } from './default-rule-set.js';
import { scoringRuleSetSchema } from './rule-set-schema.js';
import { validateScoringRuleSet, type RuleSetError } from './validate-rule-set.js';

/** A small valid rule set; each case below breaks one thing in a copy of it. */
function base(): Record<string, any> {
  return {
    version: 2,
    name: 'test',
    fit: {
      max: 60,
      rules: [
        { id: 'vp-title', field: 'titleSeniority', operator: 'in', value: ['vp', 'c-level'], points: 20 },
        { id: 'mid-market', field: 'employeeCount', operator: 'between', value: [50, 1000], points: 15 },
        { id: 'outside-icp', field: 'country', operator: 'notIn', value: ['US', 'GB'], points: -10, reason: 'country outside ICP' },
      ],
    },
    intent: {
      rules: [{ id: 'pricing', field: 'keywords', operator: 'containsAny', value: ['pricing', 'request a demo'], points: 10 }],
    },
    engagement: { open: 1, click: 4, reply: 15, cap: 25, decay: { kind: 'half-life', halfLifeDays: 14 } },
    tiers: { hot: 75, warm: 55, cool: 35 },
  };
}

function errorsOf(input: unknown): RuleSetError[] {
  const result = validateScoringRuleSet(input);
  if (result.ok) throw new Error('expected the rule set to be refused');
  return result.errors;
}

describe('validateScoringRuleSet', () => {
  it('accepts a valid rule set and returns it', () => {
    const result = validateScoringRuleSet(base());
    expect(result).toEqual({ ok: true, ruleSet: base() });
  });

  it('accepts the default rule set', () => {
    expect(validateScoringRuleSet(DEFAULT_SCORING_RULE_SET)).toEqual({ ok: true, ruleSet: DEFAULT_SCORING_RULE_SET });
  });

  it('accepts every decay kind', () => {
    for (const decay of [
      { kind: 'none' },
      { kind: 'half-life', halfLifeDays: 7, maxAgeDays: 60 },
      { kind: 'steps', steps: [{ afterDays: 7, keep: 0.5 }, { afterDays: 30, keep: 0 }] },
    ]) {
      const input = base();
      input.engagement.decay = decay;
      expect(validateScoringRuleSet(input).ok).toBe(true);
    }
  });

  it.each<[string, (r: Record<string, any>) => void, RuleSetError[]]>([
    [
      'operator that does not suit the field',
      (r) => (r.fit.rules[0].operator = 'gte'),
      [{ path: 'fit.rules[id=vp-title].operator', rule: 'vp-title', field: 'titleSeniority', message: 'operator "gte" does not apply to titleSeniority; use equals, in, notIn or missing' }],
    ],
    [
      'unknown operator',
      (r) => (r.fit.rules[1].operator = 'gt'),
      [{ path: 'fit.rules[id=mid-market].operator', rule: 'mid-market', field: 'employeeCount', message: 'unknown operator "gt"; employeeCount takes between, gte, lte or missing' }],
    ],
    [
      'unknown field',
      (r) => (r.fit.rules[0].field = 'colour'),
      [
        {
          path: 'fit.rules[id=vp-title].field',
          rule: 'vp-title',
          field: 'colour',
          message: 'unknown field "colour"; fit rules take industry, employeeCount, revenueBand, country, titleSeniority, titleFunction or technology',
        },
      ],
    ],
    [
      'intent field in the fit section',
      (r) => (r.fit.rules[0] = { id: 'budget', field: 'budget', operator: 'gte', value: 1000, points: 5 }),
      [{ path: 'fit.rules[id=budget].field', rule: 'budget', field: 'budget', message: 'budget is an intent field: move this rule to intent.rules' }],
    ],
    [
      'fit field in the intent section',
      (r) => (r.intent.rules[0].field = 'technology'),
      [{ path: 'intent.rules[id=pricing].field', rule: 'pricing', field: 'technology', message: 'technology is a fit field: move this rule to fit.rules' }],
    ],
    [
      'duplicate rule ids, across sections',
      (r) => (r.intent.rules[0].id = 'vp-title'),
      [{ path: 'intent.rules[0].id', rule: 'vp-title', field: 'keywords', message: 'duplicate rule id "vp-title" (also used by fit.rules[0]); ids must be unique' }],
    ],
    [
      'rule without an id: named by its index',
      (r) => delete r.fit.rules[1].id,
      [{ path: 'fit.rules[1].id', rule: 'fit.rules[1]', field: 'employeeCount', message: 'is required' }],
    ],
    [
      'rule id with a dot',
      (r) => (r.fit.rules[1].id = 'engagement.click'),
      [{ path: 'fit.rules[1].id', rule: 'fit.rules[1]', field: 'employeeCount', message: 'must start with a letter or digit and use only letters, digits, "-" and "_"' }],
    ],
    [
      'points not whole',
      (r) => (r.fit.rules[0].points = 2.5),
      [{ path: 'fit.rules[id=vp-title].points', rule: 'vp-title', field: 'titleSeniority', message: 'must be a whole number from -100 to 100 (got 2.5)' }],
    ],
    [
      'points out of range',
      (r) => (r.fit.rules[0].points = 150),
      [{ path: 'fit.rules[id=vp-title].points', rule: 'vp-title', field: 'titleSeniority', message: 'must be at most 100' }],
    ],
    [
      'non-finite points',
      (r) => (r.fit.rules[0].points = Number.POSITIVE_INFINITY),
      [{ path: 'fit.rules[id=vp-title].points', rule: 'vp-title', field: 'titleSeniority', message: 'must be a whole number from -100 to 100 (got Infinity)' }],
    ],
    [
      'NaN in a range',
      (r) => (r.fit.rules[1].value = [50, Number.NaN]),
      [{ path: 'fit.rules[id=mid-market].value[1]', rule: 'mid-market', field: 'employeeCount', message: 'must be a finite number (got NaN)' }],
    ],
    [
      'range upside down',
      (r) => (r.fit.rules[1].value = [1000, 50]),
      [{ path: 'fit.rules[id=mid-market].value', rule: 'mid-market', field: 'employeeCount', message: 'lowest (1000) is above highest (50), so the rule never fires' }],
    ],
    [
      'range of one number',
      (r) => (r.fit.rules[1].value = [50]),
      [{ path: 'fit.rules[id=mid-market].value', rule: 'mid-market', field: 'employeeCount', message: 'must be [lowest, highest] (got a list of 1)' }],
    ],
    [
      'fractional employee count',
      (r) => (r.fit.rules[1].value = [50.5, 100]),
      [{ path: 'fit.rules[id=mid-market].value[0]', rule: 'mid-market', field: 'employeeCount', message: 'must be a whole number of employees from 0 to 10000000 (got 50.5)' }],
    ],
    [
      'negative budget',
      (r) => r.intent.rules.push({ id: 'budget', field: 'budget', operator: 'gte', value: -1, points: 5 }),
      [{ path: 'intent.rules[id=budget].value', rule: 'budget', field: 'budget', message: 'must be a budget from 0 to 1000000000000000 (got -1)' }],
    ],
    [
      'list operator given one value',
      (r) => (r.fit.rules[0].value = 'vp'),
      [{ path: 'fit.rules[id=vp-title].value', rule: 'vp-title', field: 'titleSeniority', message: 'must be a list (got "vp"): in takes a list of values' }],
    ],
    [
      'empty list',
      (r) => (r.intent.rules[0].value = []),
      [{ path: 'intent.rules[id=pricing].value', rule: 'pricing', field: 'keywords', message: 'must not be empty: a rule with no values never fires' }],
    ],
    [
      'value missing',
      (r) => delete r.fit.rules[2].value,
      [{ path: 'fit.rules[id=outside-icp].value', rule: 'outside-icp', field: 'country', message: 'is required: notIn takes a list of values' }],
    ],
    [
      'value given to missing',
      (r) => (r.fit.rules[0].operator = 'missing'),
      [{ path: 'fit.rules[id=vp-title].value', rule: 'vp-title', field: 'titleSeniority', message: 'missing takes no value; remove "value"' }],
    ],
    [
      'unknown seniority',
      (r) => (r.fit.rules[0].value = ['vp', 'boss']),
      [
        {
          path: 'fit.rules[id=vp-title].value[1]',
          rule: 'vp-title',
          field: 'titleSeniority',
          message: 'must be one of c-level, vp, head, director, manager, senior, individual or unknown (got "boss")',
        },
      ],
    ],
    [
      'unknown title function',
      (r) => r.fit.rules.push({ id: 'fn', field: 'titleFunction', operator: 'equals', value: 'growth', points: 5 }),
      [
        {
          path: 'fit.rules[id=fn].value',
          rule: 'fn',
          field: 'titleFunction',
          message:
            'must be one of engineering, sales, marketing, product, finance, operations, hr, it, legal, executive, customer-success, data or other (got "growth")',
        },
      ],
    ],
    [
      'country name instead of code',
      (r) => (r.fit.rules[2].value = ['US', 'Germany']),
      [{ path: 'fit.rules[id=outside-icp].value[1]', rule: 'outside-icp', field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code such as "DE" (got "Germany")' }],
    ],
    [
      'keyword with no letters',
      (r) => (r.intent.rules[0].value = ['pricing', '!!!']),
      [{ path: 'intent.rules[id=pricing].value[1]', rule: 'pricing', field: 'keywords', message: 'has no letters or digits, so it can never match (got "!!!")' }],
    ],
    [
      'keyword not text',
      (r) => (r.intent.rules[0].value = ['pricing', 42]),
      [{ path: 'intent.rules[id=pricing].value[1]', rule: 'pricing', field: 'keywords', message: 'must be text (got 42)' }],
    ],
    [
      'huge string',
      (r) => (r.intent.rules[0].value = ['x'.repeat(5000)]),
      [{ path: 'intent.rules[id=pricing].value[0]', rule: 'pricing', field: 'keywords', message: 'is 5000 characters long; the limit is 200' }],
    ],
    [
      'huge list',
      (r) => (r.intent.rules[0].value = Array.from({ length: 501 }, (_, i) => `kw${i}`)),
      [{ path: 'intent.rules[id=pricing].value', rule: 'pricing', field: 'keywords', message: 'has 501 values; the limit is 500' }],
    ],
    [
      'too many rules',
      (r) => (r.intent.rules = Array.from({ length: 201 }, (_, i) => ({ id: `k${i}`, field: 'keywords', operator: 'containsAny', value: ['a'], points: 1 }))),
      [{ path: 'intent.rules', rule: 'intent', field: 'rules', message: 'has more than 200 rules' }],
    ],
    [
      'unknown property on a rule',
      (r) => (r.fit.rules[0].weight = 2),
      [{ path: 'fit.rules[id=vp-title].weight', rule: 'vp-title', field: 'titleSeniority', message: 'unknown property "weight"; allowed: id, field, operator, value, points, reason' }],
    ],
    [
      'unknown property at the top',
      (r) => (r.owner = 'me'),
      [{ path: 'owner', field: 'owner', message: 'unknown property "owner"; allowed: version, name, fit, intent, engagement, tiers' }],
    ],
    [
      'opens weighing as much as clicks',
      (r) => (r.engagement.open = 4),
      [{ path: 'engagement.open', rule: 'engagement', field: 'open', message: 'open (4) must weigh less than click (4): a click shows more intent than an open' }],
    ],
    [
      'opens weighing more than replies and clicks',
      (r) => Object.assign(r.engagement, { open: 20 }),
      [
        { path: 'engagement.open', rule: 'engagement', field: 'open', message: 'open (20) must weigh less than click (4): a click shows more intent than an open' },
        { path: 'engagement.open', rule: 'engagement', field: 'open', message: 'open (20) must weigh less than reply (15): a reply shows more intent than an open' },
      ],
    ],
    [
      'tiers not descending',
      (r) => (r.tiers = { hot: 50, warm: 55, cool: 55 }),
      [
        { path: 'tiers.warm', rule: 'tiers', field: 'warm', message: 'must be below hot (50): tiers descend hot > warm > cool' },
        { path: 'tiers.cool', rule: 'tiers', field: 'cool', message: 'must be below warm (55): tiers descend hot > warm > cool' },
      ],
    ],
    [
      'tier above 100',
      (r) => (r.tiers.hot = 101),
      [{ path: 'tiers.hot', rule: 'tiers', field: 'hot', message: 'must be at most 100' }],
    ],
    [
      'tier missing',
      (r) => delete r.tiers.cool,
      [{ path: 'tiers.cool', rule: 'tiers', field: 'cool', message: 'is required' }],
    ],
    [
      'unknown decay kind',
      (r) => (r.engagement.decay = { kind: 'linear' }),
      [{ path: 'engagement.decay.kind', rule: 'engagement', field: 'kind', message: 'must be "half-life", "steps" or "none" (got "linear")' }],
    ],
    [
      'zero half-life',
      (r) => (r.engagement.decay.halfLifeDays = 0),
      [{ path: 'engagement.decay.halfLifeDays', rule: 'engagement', field: 'halfLifeDays', message: 'must be more than 0 days' }],
    ],
    [
      'decay steps out of order and growing',
      (r) => (r.engagement.decay = { kind: 'steps', steps: [{ afterDays: 30, keep: 0.2 }, { afterDays: 7, keep: 0.5 }] }),
      [
        { path: 'engagement.decay.steps[1].afterDays', rule: 'engagement', field: 'afterDays', message: 'must be later than the step before (30 days)' },
        { path: 'engagement.decay.steps[1].keep', rule: 'engagement', field: 'keep', message: 'must not be more than the step before (0.2): engagement only ages out' },
      ],
    ],
    [
      'keep above 1',
      (r) => (r.engagement.decay = { kind: 'steps', steps: [{ afterDays: 7, keep: 1.5 }] }),
      [{ path: 'engagement.decay.steps[0].keep', rule: 'engagement', field: 'keep', message: 'must be at most 1' }],
    ],
    [
      'version zero',
      (r) => (r.version = 0),
      [{ path: 'version', field: 'version', message: 'must be at least 1' }],
    ],
    [
      'version as text',
      (r) => (r.version = '2'),
      [{ path: 'version', field: 'version', message: 'must be a whole number from 1 to 1000000000 (got "2")' }],
    ],
    [
      'section max out of range',
      (r) => (r.fit.max = -1),
      [{ path: 'fit.max', rule: 'fit', field: 'max', message: 'must be at least 0' }],
    ],
    [
      'empty reason',
      (r) => (r.fit.rules[2].reason = '  '),
      [{ path: 'fit.rules[id=outside-icp].reason', rule: 'outside-icp', field: 'country', message: 'must not be empty' }],
    ],
  ])('refuses %s', (_name, breakIt, expected) => {
    const input = base();
    breakIt(input);
    expect(errorsOf(input)).toEqual(expected);
  });

  it('collects every error in one pass, in document order', () => {
    const input = base();
    input.version = 0;
    input.fit.rules[0].operator = 'gte';
    input.fit.rules[1].points = 'ten';
    input.intent.rules[0].field = 'colour';
    input.engagement.open = 9;
    input.tiers.cool = 90;
    expect(errorsOf(input).map((e) => e.path)).toEqual([
      'version',
      'fit.rules[id=vp-title].operator',
      'fit.rules[id=mid-market].points',
      'intent.rules[id=pricing].field',
      'engagement.open',
      'tiers.cool',
    ]);
  });

  it('refuses __proto__, constructor and prototype keys anywhere, without touching Object.prototype', () => {
    const input = JSON.parse(
      '{"version":1,"__proto__":{"polluted":true},"fit":{"rules":[{"id":"a","field":"industry","operator":"in","value":["x"],"points":1,"constructor":{}}]},' +
        '"intent":{"rules":[]},"engagement":{"open":1,"click":2,"reply":3,"cap":10,"decay":{"kind":"none","prototype":1}},"tiers":{"hot":3,"warm":2,"cool":1}}',
    );
    expect(errorsOf(input)).toEqual([
      { path: 'fit.rules[id=a].constructor', rule: 'a', field: 'industry', message: 'key "constructor" is not allowed' },
      { path: 'engagement.decay.prototype', rule: 'engagement', field: 'prototype', message: 'key "prototype" is not allowed' },
      { path: '__proto__', field: '__proto__', message: 'key "__proto__" is not allowed' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a huge body without walking all of it', () => {
    const input = base();
    input.intent.rules[0].value = new Array(1_000_000).fill('a');
    expect(errorsOf(input)).toEqual([{ path: '', message: 'rule set is too large (more than 20000 values)' }]);
  });

  it('refuses deep nesting', () => {
    const input = base();
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = [deep];
    input.fit.rules[0].value = deep;
    expect(errorsOf(input)).toEqual([{ path: '', message: 'rule set is nested deeper than 8 levels' }]);
  });

  it.each<[string, unknown, RuleSetError[]]>([
    ['null', null, [{ path: '', message: 'a rule set must be a JSON object (got null)' }]],
    ['a list', [], [{ path: '', message: 'a rule set must be a JSON object (got a list)' }]],
    ['a string', 'rules', [{ path: '', message: 'a rule set must be a JSON object (got "rules")' }]],
    ['a date', new Date(0), [{ path: '', message: 'must be plain JSON data (an object, list, text, number or true/false)' }]],
  ])('refuses %s as the rule set', (_name, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  it('names every missing section', () => {
    expect(errorsOf({ version: 1 }).map((e) => `${e.path}: ${e.message}`)).toEqual([
      'fit: is required',
      'intent: is required',
      'engagement: is required',
      'tiers: is required',
    ]);
  });

  it('uses indexes in paths when ids are duplicated, so the path stays unambiguous', () => {
    const input = base();
    input.fit.rules[1].id = 'vp-title';
    input.fit.rules[1].points = 1000;
    expect(errorsOf(input)).toEqual([
      { path: 'fit.rules[1].id', rule: 'vp-title', field: 'employeeCount', message: 'duplicate rule id "vp-title" (also used by fit.rules[0]); ids must be unique' },
      { path: 'fit.rules[1].points', rule: 'vp-title', field: 'employeeCount', message: 'must be at most 100' },
    ]);
  });
});

describe('scoringRuleSetSchema', () => {
  it('parses a valid rule set', () => {
    expect(scoringRuleSetSchema.safeParse(base()).success).toBe(true);
  });

  it('runs the cross-checks too once the shape is right', () => {
    const input = base();
    input.engagement.open = 10;
    const result = scoringRuleSetSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'engagement.open: open (10) must weigh less than click (4): a click shows more intent than an open',
    ]);
  });
});
