import { DEMO_ROUTING_RULE_SET } from './demo-routing-rules.js';
import type { RoutingRuleSet } from './routing-rule-set.js';
import { validateRoutingRuleSet, type RuleSetError } from './validate-rule-set.js';

// Tests build broken rule sets on purpose.
type Raw = any;
const demo = (): Raw => JSON.parse(JSON.stringify(DEMO_ROUTING_RULE_SET));
const changed = (change: (r: Raw) => void): Raw => {
  const r = demo();
  change(r);
  return r;
};

describe('validateRoutingRuleSet: accepted', () => {
  it('accepts the demo rule set and returns it as given', () => {
    expect(validateRoutingRuleSet(demo())).toEqual({ ok: true, ruleSet: DEMO_ROUTING_RULE_SET });
  });

  it('accepts a minimal rule set: no territories, no optional settings, every tier not enrolled but one', () => {
    const minimal: RoutingRuleSet = {
      version: 7,
      sequences: { hot: 'seq-hot', warm: null, cool: null, cold: null },
      territories: [],
      owners: [{ id: 'rep@example.com', weight: 1, dailyCapacity: 0, active: false }],
      guardrails: { doNotContactStages: [], colleagueReplied: 'block', activeInOtherSequence: 'block' },
      sla: { hotUntouchedMinutes: 1, action: 'reassign' },
    };
    expect(validateRoutingRuleSet(JSON.parse(JSON.stringify(minimal)))).toEqual({ ok: true, ruleSet: minimal });
  });

  it('accepts country codes in any case and keeps them in upper case', () => {
    const result = validateRoutingRuleSet(changed((r) => (r.territories[1].match.country.in = ['us', ' Ca '])));
    expect(result.ok && result.ruleSet.territories[1]!.match.country).toEqual({ in: ['US', 'CA'] });
  });

  it('accepts a catch-all territory when it comes last', () => {
    const input = changed((r) => r.territories.push({ id: 'rest', match: {}, owners: ['carmen'] }));
    expect(validateRoutingRuleSet(input).ok).toBe(true);
  });
});

describe('validateRoutingRuleSet: refused, naming path, rule and field', () => {
  it.each<[string, unknown, RuleSetError[]]>([
    ['not an object', 'routing', [{ path: '', message: 'a rule set must be a JSON object (got "routing")' }]],
    ['an array', [], [{ path: '', message: 'a rule set must be a JSON object (got a list)' }]],
    [
      'every section missing',
      {},
      [
        { path: 'version', field: 'version', message: 'version is required' },
        { path: 'sequences', rule: 'sequences', message: 'sequences is required' },
        { path: 'territories', field: 'territories', message: 'territories is required' },
        { path: 'owners', field: 'owners', message: 'owners is required' },
        { path: 'guardrails', rule: 'guardrails', message: 'guardrails is required' },
        { path: 'sla', rule: 'sla', message: 'sla is required' },
      ],
    ],
    ['version 0', changed((r) => (r.version = 0)), [{ path: 'version', field: 'version', message: 'version must be at least 1' }]],
    ['version as a string', changed((r) => (r.version = '2')), [{ path: 'version', field: 'version', message: 'version must be a number' }]],
    ['unknown top-level key', changed((r) => (r.extra = 1)), [{ path: 'extra', field: 'extra', message: 'unknown property "extra"; allowed: version, sequences, territories, owners, guardrails, sla' }]],
    [
      '__proto__ at the top',
      JSON.parse(JSON.stringify(DEMO_ROUTING_RULE_SET).replace('"version":1', '"version":1,"__proto__":{"polluted":true}')),
      [{ path: '__proto__', field: '__proto__', message: 'key "__proto__" is not allowed' }],
    ],
    [
      '__proto__ inside an owner',
      JSON.parse(JSON.stringify(DEMO_ROUTING_RULE_SET).replace('"id":"bruno",', '"id":"bruno","__proto__":{},')),
      [{ path: 'owners[id=bruno].__proto__', rule: 'bruno', field: '__proto__', message: 'key "__proto__" is not allowed' }],
    ],
    [
      'constructor key inside a territory match',
      changed((r) => (r.territories[1].match.constructor = { in: ['x'] })),
      [{ path: 'territories[id=americas].match.constructor', rule: 'americas', field: 'constructor', message: 'key "constructor" is not allowed' }],
    ],
    [
      'sequences: empty id, wrong type, missing tier',
      changed((r) => {
        r.sequences.hot = '';
        r.sequences.warm = 7;
        delete r.sequences.cool;
      }),
      [
        { path: 'sequences.hot', rule: 'sequences', field: 'hot', message: 'sequence for hot must not be empty (null: not enrolled)' },
        { path: 'sequences.warm', rule: 'sequences', field: 'warm', message: 'sequence for warm must be a sequence id or null' },
        { path: 'sequences.cool', rule: 'sequences', field: 'cool', message: 'sequence for cool is required (null: not enrolled)' },
      ],
    ],
    [
      'sequence id with a space',
      changed((r) => (r.sequences.warm = 'warm seq')),
      [{ path: 'sequences.warm', rule: 'sequences', field: 'warm', message: 'sequence for warm may use letters, digits and . _ : @ + - and must start with a letter or digit' }],
    ],
    [
      'weights not positive whole numbers',
      changed((r) => {
        r.owners[1].weight = 0;
        r.owners[2].weight = 2.5;
      }),
      [
        { path: 'owners[id=bruno].weight', rule: 'bruno', field: 'weight', message: 'weight must be at least 1' },
        { path: 'owners[id=carmen].weight', rule: 'carmen', field: 'weight', message: 'weight must be a whole number' },
      ],
    ],
    ['weight above 100', changed((r) => (r.owners[0].weight = 101)), [{ path: 'owners[id=alice].weight', rule: 'alice', field: 'weight', message: 'weight must be at most 100' }]],
    ['negative capacity', changed((r) => (r.owners[0].dailyCapacity = -1)), [{ path: 'owners[id=alice].dailyCapacity', rule: 'alice', field: 'dailyCapacity', message: 'dailyCapacity must be at least 0' }]],
    ['active as a string', changed((r) => (r.owners[2].active = 'yes')), [{ path: 'owners[id=carmen].active', rule: 'carmen', field: 'active', message: 'active must be true or false' }]],
    ['no owners', changed((r) => (r.owners = [])), [{ path: 'owners', field: 'owners', message: 'at least one owner is needed' }]],
    [
      'territory names an unknown owner, and one twice',
      changed((r) => (r.territories[1].owners = ['carmen', 'dave', 'carmen'])),
      [
        { path: 'territories[id=americas].owners[1]', rule: 'americas', field: 'owners', message: 'territory americas names owner dave, who is not in owners' },
        { path: 'territories[id=americas].owners[2]', rule: 'americas', field: 'owners', message: 'territory americas lists owner carmen more than once' },
      ],
    ],
    ['territory without owners', changed((r) => (r.territories[0].owners = [])), [{ path: 'territories[id=emea-enterprise].owners', rule: 'emea-enterprise', field: 'owners', message: 'a territory needs at least one owner' }]],
    [
      'duplicate owner and territory ids',
      changed((r) => {
        r.owners.push({ ...r.owners[0] });
        r.territories.push({ ...r.territories[1] });
      }),
      [
        { path: 'territories[2].id', rule: 'americas', field: 'id', message: 'territory americas is listed more than once' },
        { path: 'owners[3].id', rule: 'alice', field: 'id', message: 'owner alice is listed more than once' },
      ],
    ],
    [
      'employeeCount bounds inverted, and empty',
      changed((r) => {
        r.territories[0].match.employeeCount = { gte: 500, lte: 100 };
        r.territories[1].match.employeeCount = {};
      }),
      [
        {
          path: 'territories[id=emea-enterprise].match.employeeCount',
          rule: 'emea-enterprise',
          field: 'employeeCount',
          message: 'territory emea-enterprise: employeeCount.gte 500 is above lte 100, so nothing matches',
        },
        { path: 'territories[id=americas].match.employeeCount', rule: 'americas', field: 'employeeCount', message: 'territory americas: employeeCount needs gte, lte or both' },
      ],
    ],
    [
      'employeeCount bound not a whole number',
      changed((r) => (r.territories[0].match.employeeCount.gte = 10.5)),
      [{ path: 'territories[id=emea-enterprise].match.employeeCount.gte', rule: 'emea-enterprise', field: 'employeeCount', message: 'employeeCount.gte must be a whole number' }],
    ],
    [
      'country given as a name (a code in lower case is fine: see above)',
      changed((r) => (r.territories[1].match.country.in = ['us', 'USA'])),
      [{ path: 'territories[id=americas].match.country.in[1]', rule: 'americas', field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code such as "DE" (got "USA")' }],
    ],
    ['empty value list', changed((r) => (r.territories[1].match.region = { in: [] })), [{ path: 'territories[id=americas].match.region.in', rule: 'americas', field: 'region', message: 'region.in must list at least one value' }]],
    [
      'value list written as a bare array',
      changed((r) => (r.territories[1].match.industry = ['Fintech'])),
      [{ path: 'territories[id=americas].match.industry', rule: 'americas', field: 'industry', message: 'industry must be an object' }],
    ],
    [
      'unknown match field',
      changed((r) => (r.territories[1].match.revenue = { in: ['$1M'] })),
      [{ path: 'territories[id=americas].match.revenue', rule: 'americas', field: 'revenue', message: 'unknown property "revenue"; allowed: country, region, industry, employeeCount' }],
    ],
    [
      'unknown overflow policy',
      changed((r) => (r.territories[0].overflow = 'spill')),
      [{ path: 'territories[id=emea-enterprise].overflow', rule: 'emea-enterprise', field: 'overflow', message: "overflow must be one of 'hold', 'anyOwner'" }],
    ],
    [
      'territory after a catch-all',
      changed((r) => (r.territories[0].match = {})),
      [{ path: 'territories[id=americas]', rule: 'americas', message: 'territory americas can never match: territory emea-enterprise before it matches every lead' }],
    ],
    [
      'territory id that is not an id',
      changed((r) => (r.territories[0].id = '__proto__')),
      [{ path: 'territories[0].id', rule: 'territories[0]', field: 'id', message: 'territory id may use letters, digits and . _ : @ + - and must start with a letter or digit' }],
    ],
    ['territory without an id', changed((r) => delete r.territories[1].id), [{ path: 'territories[1].id', rule: 'territories[1]', field: 'id', message: 'territory id is required' }]],
    [
      'guardrails: bad stage text and unknown policy',
      changed((r) => {
        r.guardrails.doNotContactStages = ['customer', ' ', 'a\u0001b'];
        r.guardrails.colleagueReplied = 'ignore';
      }),
      [
        { path: 'guardrails.doNotContactStages[1]', rule: 'guardrails', field: 'doNotContactStages', message: 'stage must be visible text without control characters' },
        { path: 'guardrails.doNotContactStages[2]', rule: 'guardrails', field: 'doNotContactStages', message: 'stage must be visible text without control characters' },
        { path: 'guardrails.colleagueReplied', rule: 'guardrails', field: 'colleagueReplied', message: "colleagueReplied must be one of 'block', 'review'" },
      ],
    ],
    [
      'guardrails: caps of zero',
      changed((r) => {
        r.guardrails.perOwnerDailyCap = 0;
        r.guardrails.perCampaignDailyCap = 0;
      }),
      [
        { path: 'guardrails.perOwnerDailyCap', rule: 'guardrails', field: 'perOwnerDailyCap', message: 'perOwnerDailyCap must be at least 1' },
        { path: 'guardrails.perCampaignDailyCap', rule: 'guardrails', field: 'perCampaignDailyCap', message: 'perCampaignDailyCap must be at least 1' },
      ],
    ],
    [
      'sla: zero minutes, escalate without escalateTo',
      changed((r) => (r.sla = { hotUntouchedMinutes: 0, action: 'escalate' })),
      [
        { path: 'sla.hotUntouchedMinutes', rule: 'sla', field: 'hotUntouchedMinutes', message: 'hotUntouchedMinutes must be at least 1' },
        { path: 'sla.escalateTo', rule: 'sla', field: 'escalateTo', message: 'escalateTo is required when the SLA action is escalate' },
      ],
    ],
    [
      'a string longer than the id limit',
      changed((r) => (r.sla.escalateTo = 'm'.repeat(129))),
      [{ path: 'sla.escalateTo', rule: 'sla', field: 'escalateTo', message: 'escalateTo is longer than 128 characters' }],
    ],
    [
      'too many values in one condition',
      changed((r) => (r.territories[0].match.industry = { in: Array.from({ length: 1001 }, (_, i) => `industry ${i}`) })),
      [{ path: 'territories[id=emea-enterprise].match.industry.in', rule: 'emea-enterprise', field: 'industry', message: 'industry.in lists more than 1000 values' }],
    ],
    [
      'nested deeper than any rule set',
      changed((r) => (r.territories[0].match.country = { in: [[[[[['DE']]]]]] })),
      [{ path: '', message: 'rule set is nested deeper than 8 levels' }],
    ],
    [
      'a huge list is refused before it is walked',
      changed((r) => (r.territories[0].match.country.in = new Array(300_000).fill('DE'))),
      [{ path: '', message: 'rule set is too large (more than 20000 values)' }],
    ],
  ])('%s', (_name, input, errors) => {
    expect(validateRoutingRuleSet(input)).toEqual({ ok: false, errors });
  });

  it('collects schema and cross-check errors from every section in one answer, in document order', () => {
    const input = changed((r) => {
      r.version = -1;
      r.owners[0].weight = 0;
      r.territories[0].owners.push('zoe');
      r.sla.action = 'page';
    });
    const result = validateRoutingRuleSet(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => `${e.path} ${e.rule ?? '-'} ${e.field ?? '-'}`)).toEqual([
      'version - version',
      'territories[id=emea-enterprise].owners[2] emea-enterprise owners',
      'owners[id=alice].weight alice weight',
      'sla.action sla action',
    ]);
  });

  it('does not report unknown territory owners when the owners list itself is broken', () => {
    expect(validateRoutingRuleSet(changed((r) => (r.owners = 'alice')))).toEqual({
      ok: false,
      errors: [{ path: 'owners', field: 'owners', message: 'owners must be a list' }],
    });
  });
});
