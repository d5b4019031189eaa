import { compileRuleSet, ScoringRuleSetError } from './compile-rule-set.js';
import { DAY_MS } from './engagement-decay.js';
import type { ScoringRule, ScoringRuleSet } from './rule-set.js';
import type { ScoringInput } from './scoring-input.js';
import { score } from './score.js';

const NOW = Date.UTC(2025, 5, 2, 12);

function ruleSet(over: Partial<ScoringRuleSet> = {}): ScoringRuleSet {
  return {
    version: 7,
    fit: { rules: [] },
    intent: { rules: [] },
    engagement: { open: 1, click: 4, reply: 15, cap: 25, decay: { kind: 'none' } },
    tiers: { hot: 75, warm: 55, cool: 35 },
    ...over,
  };
}

/** One rule in its section; the contribution it made, or undefined when it did not fire. */
function fire(rule: ScoringRule, input: ScoringInput): string | undefined {
  const intent = rule.field === 'budget' || rule.field === 'timeline' || rule.field === 'keywords';
  const set = intent ? ruleSet({ intent: { rules: [rule as ScoringRule<never>] } }) : ruleSet({ fit: { rules: [rule as ScoringRule<never>] } });
  const result = score(compileRuleSet(set), input, NOW);
  return result.contributions.find((c) => c.ruleId === rule.id)?.reason;
}

const r = (field: string, operator: string, value: unknown, points = 5) => ({ id: 'r', field, operator, value, points }) as unknown as ScoringRule;
const missing = (field: string) => ({ id: 'r', field, operator: 'missing', points: -5 }) as unknown as ScoringRule;

describe('score: every field and operator', () => {
  it.each<[string, ScoringRule, ScoringInput, string | undefined]>([
    // industry
    ['industry equals, ignoring case and punctuation', r('industry', 'equals', 'Computer Software'), { industry: 'computer-software' }, '+5 industry is computer-software'],
    ['industry equals, other value', r('industry', 'equals', 'Computer Software'), { industry: 'Software' }, undefined],
    ['industry in', r('industry', 'in', ['Software', 'Internet']), { industry: ' Internet ' }, '+5 industry is Internet'],
    ['industry in, not listed', r('industry', 'in', ['Software']), { industry: 'Retail' }, undefined],
    ['industry notIn', r('industry', 'notIn', ['Software']), { industry: 'Retail' }, '+5 industry Retail is not one of Software'],
    ['industry notIn, listed', r('industry', 'notIn', ['Software']), { industry: 'SOFTWARE' }, undefined],
    ['industry notIn never fires on a missing industry', r('industry', 'notIn', ['Software']), {}, undefined],
    ['industry containsAny', r('industry', 'containsAny', ['software']), { industry: 'Enterprise Software Solutions' }, '+5 industry "Enterprise Software Solutions" mentions "software"'],
    ['industry containsAny needs whole words', r('industry', 'containsAny', ['soft']), { industry: 'Software' }, undefined],
    ['industry missing', missing('industry'), { industry: '  ' }, '-5 industry unknown'],
    ['industry missing, known', missing('industry'), { industry: 'Retail' }, undefined],
    // employeeCount
    ['employeeCount between, lower bound', r('employeeCount', 'between', [50, 1000]), { employeeCount: 50 }, '+5 employee count 50 is within 50–1000'],
    ['employeeCount between, upper bound', r('employeeCount', 'between', [50, 1000]), { employeeCount: 1000 }, '+5 employee count 1000 is within 50–1000'],
    ['employeeCount between, above', r('employeeCount', 'between', [50, 1000]), { employeeCount: 1001 }, undefined],
    ['employeeCount between, unknown', r('employeeCount', 'between', [0, 1000]), { employeeCount: null }, undefined],
    ['employeeCount gte', r('employeeCount', 'gte', 1000), { employeeCount: 1000 }, '+5 employee count 1000 is at least 1000'],
    ['employeeCount gte, below', r('employeeCount', 'gte', 1000), { employeeCount: 999 }, undefined],
    ['employeeCount lte', r('employeeCount', 'lte', 10, -10), { employeeCount: 10 }, '-10 employee count 10 is at most 10'],
    ['employeeCount lte, above', r('employeeCount', 'lte', 10), { employeeCount: 11 }, undefined],
    ['employeeCount missing', missing('employeeCount'), { employeeCount: Number.NaN }, '-5 employee count unknown'],
    ['employeeCount missing, zero is known', missing('employeeCount'), { employeeCount: 0 }, undefined],
    // revenueBand
    ['revenueBand equals, ignoring spaces and currency', r('revenueBand', 'equals', '$10M-$50M'), { revenueBand: '10M - 50M' }, '+5 revenue band is 10M - 50M'],
    ['revenueBand in keeps < and > apart', r('revenueBand', 'in', ['<$1M']), { revenueBand: '>$1M' }, undefined],
    ['revenueBand notIn', r('revenueBand', 'notIn', ['$10M-$50M']), { revenueBand: '$1M-$10M' }, '+5 revenue band $1M-$10M is not one of $10M-$50M'],
    ['revenueBand missing', missing('revenueBand'), {}, '-5 revenue band unknown'],
    // country
    ['country equals', r('country', 'equals', 'de'), { country: 'DE' }, '+5 country is DE'],
    ['country in, lower-case lead value', r('country', 'in', ['US', 'GB']), { country: 'gb' }, '+5 country is GB'],
    ['country notIn', r('country', 'notIn', ['US', 'GB', 'CA', 'AU'], -10), { country: 'DE' }, '-10 country DE is not one of US, GB, CA (+1 more)'],
    ['country notIn, a name is not a code', r('country', 'notIn', ['US']), { country: 'Germany' }, undefined],
    ['country missing, a name counts as unknown', missing('country'), { country: 'Germany' }, '-5 country unknown'],
    // titleSeniority
    ['titleSeniority equals', r('titleSeniority', 'equals', 'vp', 20), { title: 'VP Sales' }, '+20 title seniority is vp'],
    ['titleSeniority in', r('titleSeniority', 'in', ['c-level', 'vp']), { title: 'Founder & CEO' }, '+5 title seniority is c-level'],
    ['titleSeniority notIn', r('titleSeniority', 'notIn', ['c-level']), { title: 'Software Engineer' }, '+5 title seniority individual is not one of c-level'],
    ['titleSeniority in unknown: a title nobody can read', r('titleSeniority', 'in', ['unknown']), { title: '???' }, '+5 title seniority is unknown'],
    ['titleSeniority in unknown: no title is missing, not unknown', r('titleSeniority', 'in', ['unknown']), {}, undefined],
    ['titleSeniority missing', missing('titleSeniority'), { title: '' }, '-5 no title'],
    // titleFunction
    ['titleFunction equals', r('titleFunction', 'equals', 'marketing'), { title: 'Head of Growth' }, '+5 title function is marketing'],
    ['titleFunction in', r('titleFunction', 'in', ['sales', 'marketing']), { title: 'Directeur Commercial' }, '+5 title function is sales'],
    ['titleFunction notIn', r('titleFunction', 'notIn', ['sales']), { title: 'CFO' }, '+5 title function finance is not one of sales'],
    ['titleFunction missing', missing('titleFunction'), {}, '-5 no title'],
    // technology
    ['technology containsAny', r('technology', 'containsAny', ['Salesforce', 'HubSpot']), { technologies: ['AWS', 'Salesforce Sales Cloud'] }, '+5 uses "Salesforce"'],
    ['technology containsAny, not across items', r('technology', 'containsAny', ['Sales Cloud']), { technologies: ['Salesforce Sales', 'Cloud'] }, undefined],
    ['technology containsAll', r('technology', 'containsAll', ['Salesforce', 'Slack']), { technologies: ['slack', 'SALESFORCE'] }, '+5 uses all of "Salesforce", "Slack"'],
    ['technology containsAll, one absent', r('technology', 'containsAll', ['Salesforce', 'Slack']), { technologies: ['Salesforce'] }, undefined],
    ['technology missing', missing('technology'), { technologies: ['', '  '] }, '-5 technologies unknown'],
    // budget
    ['budget between', r('budget', 'between', [5000, 50000]), { budget: 5000 }, '+5 budget 5000 is within 5000–50000'],
    ['budget gte', r('budget', 'gte', 10000), { budget: 10000 }, '+5 budget 10000 is at least 10000'],
    ['budget gte, below', r('budget', 'gte', 10000), { budget: 9999.99 }, undefined],
    ['budget lte', r('budget', 'lte', 1000, -5), { budget: 0 }, '-5 budget 0 is at most 1000'],
    ['budget missing', missing('budget'), { budget: null }, '-5 budget unknown'],
    // timeline
    ['timeline equals', r('timeline', 'equals', 'this quarter'), { timeline: 'This Quarter!' }, '+5 timeline is This Quarter!'],
    ['timeline in', r('timeline', 'in', ['now', 'asap']), { timeline: 'ASAP' }, '+5 timeline is ASAP'],
    ['timeline notIn', r('timeline', 'notIn', ['now']), { timeline: 'next year' }, '+5 timeline next year is not one of now'],
    ['timeline containsAny', r('timeline', 'containsAny', ['quarter', 'month']), { timeline: 'next quarter' }, '+5 timeline "next quarter" mentions "quarter"'],
    ['timeline missing', missing('timeline'), { timeline: null }, '-5 timeline unknown'],
    // keywords
    ['keywords containsAny, a phrase across punctuation', r('keywords', 'containsAny', ['pricing', 'request a demo']), { notes: 'Could you Request-a-Demo?' }, '+5 title/notes mention "request a demo"'],
    ['keywords containsAny, whole words only', r('keywords', 'containsAny', ['demo']), { notes: 'we will demonstrate' }, undefined],
    ['keywords containsAny, diacritics ignored', r('keywords', 'containsAny', ['café']), { notes: 'CAFE owners' }, '+5 title/notes mention "café"'],
    ['keywords containsAny, in the title', r('keywords', 'containsAny', ['pricing']), { title: 'VP Pricing' }, '+5 title/notes mention "pricing"'],
    ['keywords containsAny, not from title into notes', r('keywords', 'containsAny', ['vp pricing']), { title: 'VP', notes: 'pricing' }, undefined],
    ['keywords containsAll', r('keywords', 'containsAll', ['pricing', 'demo']), { notes: 'pricing and a demo' }, '+5 title/notes mention all of "pricing", "demo"'],
    ['keywords containsAll, one absent', r('keywords', 'containsAll', ['pricing', 'demo']), { notes: 'pricing' }, undefined],
  ])('%s', (_name, rule, input, reason) => {
    expect(fire(rule, input)).toBe(reason);
  });

  it('uses the rule reason when it has one', () => {
    const rule = { ...r('country', 'notIn', ['US'], -10), reason: 'country outside ICP' } as ScoringRule;
    expect(fire(rule, { country: 'DE' })).toBe('-10 country outside ICP');
  });
});

describe('score: from contributions to a score', () => {
  const compiled = compileRuleSet(
    ruleSet({
      fit: {
        max: 30,
        rules: [
          { id: 'vp', field: 'titleSeniority', operator: 'in', value: ['vp', 'c-level'], points: 20 },
          { id: 'saas', field: 'industry', operator: 'equals', value: 'SaaS', points: 15 },
          { id: 'tiny', field: 'employeeCount', operator: 'lte', value: 10, points: -30 },
        ],
      },
      intent: { rules: [{ id: 'pricing', field: 'keywords', operator: 'containsAny', value: ['pricing'], points: 10 }] },
    }),
  );

  it('adds the sections, lowers fit to its max and says so', () => {
    const result = score(compiled, { title: 'VP Sales', industry: 'SaaS', notes: 'pricing?' }, NOW);
    expect(result).toMatchObject({ score: 40, tier: 'cool', fit: 30, intent: 10, engagement: 0, ruleSetVersion: 7, scoredAt: NOW });
    expect(result.contributions).toEqual([
      { ruleId: 'vp', section: 'fit', points: 20, reason: '+20 title seniority is vp' },
      { ruleId: 'saas', section: 'fit', points: 15, reason: '+15 industry is SaaS' },
      { ruleId: 'fit.max', section: 'fit', points: -5, reason: '-5 fit capped at 30' },
      { ruleId: 'pricing', section: 'intent', points: 10, reason: '+10 title/notes mention "pricing"' },
    ]);
  });

  it('caps engagement and clamps the total at 100', () => {
    const events = Array.from({ length: 10 }, (_, i) => ({ kind: 'reply' as const, at: NOW - i * DAY_MS }));
    const big = compileRuleSet(ruleSet({ fit: { rules: [{ id: 'any', field: 'industry', operator: 'missing', points: 100 }] } }));
    const result = score(big, { engagement: events }, NOW);
    expect(result).toMatchObject({ score: 100, tier: 'hot', fit: 100, engagement: 25 });
    expect(result.contributions.slice(1)).toEqual([
      { ruleId: 'engagement.reply', section: 'engagement', points: 150, reason: '+150 10 replies' },
      { ruleId: 'engagement.cap', section: 'engagement', points: -125, reason: '-125 engagement capped at 25' },
      { ruleId: 'score.clamp', section: 'score', points: -25, reason: '-25 score capped at 100 (sum was 125)' },
    ]);
  });

  it('raises a negative total to 0', () => {
    const result = score(compiled, { employeeCount: 3 }, NOW);
    expect(result.score).toBe(0);
    expect(result.fit).toBe(-30);
    expect(result.contributions.at(-1)).toEqual({ ruleId: 'score.clamp', section: 'score', points: 30, reason: '+30 score raised to 0 (sum was -30)' });
  });

  it('rounds halves up', () => {
    const half = compileRuleSet(ruleSet({ engagement: { open: 1, click: 4, reply: 15, cap: 25, decay: { kind: 'half-life', halfLifeDays: 1 } } }));
    // One open a day old: 0.5 points.
    const result = score(half, { engagement: [{ kind: 'open', at: NOW - DAY_MS }] }, NOW);
    expect(result.engagement).toBe(0.5);
    expect(result.score).toBe(1);
  });

  it('reads each kind of engagement, ignores machine opens and unknown kinds', () => {
    const result = score(
      compiled,
      {
        engagement: [
          { kind: 'open', at: NOW },
          { kind: 'open', at: NOW, machine: true },
          { kind: 'click', at: NOW },
          { kind: 'click', at: NOW },
          { kind: 'bounce' as 'open', at: NOW },
          { kind: 'reply', at: Number.NaN },
        ],
      },
      NOW,
    );
    expect(result.engagement).toBe(9);
    expect(result.contributions).toEqual([
      { ruleId: 'engagement.open', section: 'engagement', points: 1, reason: '+1 1 open' },
      { ruleId: 'engagement.click', section: 'engagement', points: 8, reason: '+8 2 clicks' },
    ]);
    expect(result.inputs.engagement).toEqual([
      { kind: 'open', at: NOW },
      { kind: 'open', at: NOW, machine: true },
      { kind: 'click', at: NOW },
      { kind: 'click', at: NOW },
    ]);
  });

  it('normalises the inputs it reports', () => {
    const result = score(
      compiled,
      {
        industry: '  SaaS ',
        employeeCount: 12.7,
        revenueBand: '',
        country: 'de',
        title: ' VP Sales ',
        technologies: [' Salesforce ', '', 'HubSpot'],
        notes: '   ',
        budget: -5,
        timeline: ' Q3 ',
      },
      NOW,
    );
    expect(result.inputs).toEqual({
      industry: 'SaaS',
      employeeCount: 12,
      revenueBand: null,
      country: 'DE',
      title: 'VP Sales',
      titleSeniority: 'vp',
      titleFunction: 'sales',
      technologies: ['Salesforce', 'HubSpot'],
      notes: null,
      budget: null,
      timeline: 'Q3',
      engagement: [],
    });
  });

  it('reproduces a score from its own inputs', () => {
    const result = score(
      compiled,
      { title: ' vp, sales ', industry: 'saas', notes: 'PRICING', engagement: [{ kind: 'click', at: NOW - 3 * DAY_MS }], country: 'us' },
      NOW,
    );
    expect(score(compiled, result.inputs, result.scoredAt)).toEqual(result);
    // And from a JSON round trip, as it is stored.
    expect(score(compiled, JSON.parse(JSON.stringify(result.inputs)), result.scoredAt)).toEqual(result);
  });

  it('does not depend on the order of engagement events', () => {
    const decaying = compileRuleSet(ruleSet({ engagement: { open: 1, click: 3, reply: 7, cap: 100, decay: { kind: 'half-life', halfLifeDays: 3 } } }));
    const events = Array.from({ length: 50 }, (_, i) => ({ kind: (['open', 'click', 'reply'] as const)[i % 3], at: NOW - i * 7_777_777 }));
    const forward = score(decaying, { engagement: events }, NOW);
    const backward = score(decaying, { engagement: [...events].reverse() }, NOW);
    expect(backward.engagement).toBe(forward.engagement);
    expect(backward.contributions).toEqual(forward.contributions);
  });

  it('lowers intent to its max', () => {
    const capped = compileRuleSet(
      ruleSet({
        intent: {
          max: 12,
          rules: [
            { id: 'budget', field: 'budget', operator: 'gte', value: 1000, points: 10 },
            { id: 'soon', field: 'timeline', operator: 'in', value: ['now'], points: 10 },
          ],
        },
      }),
    );
    const result = score(capped, { budget: 5000, timeline: 'now' }, NOW);
    expect(result.intent).toBe(12);
    expect(result.contributions.at(-1)).toEqual({ ruleId: 'intent.max', section: 'intent', points: -8, reason: '-8 intent capped at 12' });
  });

  it('always adds up: the contributions round to the score, and each section to its total', () => {
    const decaying = compileRuleSet(
      ruleSet({
        fit: { max: 40, rules: [{ id: 'vp', field: 'titleSeniority', operator: 'in', value: ['vp', 'c-level'], points: 45 }] },
        intent: { rules: [{ id: 'price', field: 'keywords', operator: 'containsAny', value: ['pricing'], points: 30 }] },
        engagement: { open: 1, click: 3, reply: 9, cap: 12, decay: { kind: 'half-life', halfLifeDays: 5 } },
      }),
    );
    for (let i = 0; i < 300; i++) {
      const input: ScoringInput = {
        title: ['CEO', 'Engineer', null][i % 3],
        notes: i % 2 ? 'pricing' : null,
        employeeCount: i % 7 === 0 ? 3 : 100,
        engagement: Array.from({ length: i % 6 }, (_, k) => ({ kind: (['open', 'click', 'reply'] as const)[(i + k) % 3], at: NOW - ((i * 7919 + k * 104_729) % (20 * DAY_MS)) })),
      };
      const result = score(decaying, input, NOW);
      const sum = (section?: string) =>
        Math.round(result.contributions.filter((c) => !section || c.section === section).reduce((a, c) => a + c.points * 100, 0)) / 100;
      expect(Math.round(sum())).toBe(result.score);
      expect(sum('fit')).toBe(result.fit);
      expect(sum('intent')).toBe(result.intent);
      expect(sum('engagement')).toBe(result.engagement);
    }
  });

  it('refuses a time that is not a number', () => {
    expect(() => score(compiled, {}, Number.NaN)).toThrow(TypeError);
  });
});

describe('compileRuleSet', () => {
  it('refuses an invalid rule set, listing every problem', () => {
    const bad = ruleSet({ tiers: { hot: 10, warm: 20, cool: 30 } });
    expect(() => compileRuleSet(bad)).toThrow(ScoringRuleSetError);
    try {
      compileRuleSet(bad);
    } catch (e) {
      expect((e as ScoringRuleSetError).errors.map((x) => x.path)).toEqual(['tiers.warm', 'tiers.cool']);
    }
  });

  it('keeps its own frozen copy of the rule set', () => {
    const input = ruleSet({ fit: { rules: [{ id: 'vp', field: 'titleSeniority', operator: 'equals', value: 'vp', points: 20 }] } });
    const compiled = compileRuleSet(input);
    input.fit.rules[0]!.points = 99;
    expect(score(compiled, { title: 'VP Sales' }, NOW).fit).toBe(20);
    expect(Object.isFrozen(compiled.ruleSet.fit.rules[0])).toBe(true);
  });
});
