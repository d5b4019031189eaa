import * as api from './index.js';
import { DAY_MS } from './engagement-decay.js';

const NOW = Date.UTC(2025, 8, 1, 9);

describe('DEFAULT_SCORING_RULE_SET', () => {
  const compiled = api.compileRuleSet(api.DEFAULT_SCORING_RULE_SET);

  it('is valid', () => {
    expect(api.validateScoringRuleSet(api.DEFAULT_SCORING_RULE_SET).ok).toBe(true);
  });

  it('is frozen, so no user can change it for the others', () => {
    expect(() => api.DEFAULT_SCORING_RULE_SET.fit.rules.pop()).toThrow(TypeError);
    expect(structuredClone(api.DEFAULT_SCORING_RULE_SET)).toEqual(api.DEFAULT_SCORING_RULE_SET);
  });

  it.each<[string, api.ScoringInput, api.Tier]>([
    [
      'a VP of Sales at a US software company who replied this week',
      {
        title: 'VP Sales',
        industry: 'Computer Software',
        employeeCount: 240,
        country: 'US',
        technologies: ['Salesforce'],
        engagement: [{ kind: 'reply', at: NOW - 2 * DAY_MS }],
      },
      'hot',
    ],
    ['the same VP with no engagement or intent', { title: 'VP Sales', industry: 'Computer Software', employeeCount: 240, country: 'US' }, 'warm'],
    ['a marketing manager at a German SaaS firm', { title: 'Marketing Manager', industry: 'SaaS', employeeCount: 80, country: 'DE' }, 'warm'],
    ['an engineer at the same firm', { title: 'Software Engineer', industry: 'SaaS', employeeCount: 80, country: 'DE' }, 'cool'],
    ['a student in a country outside the ICP', { title: 'Student', country: 'IN', notes: 'student project, looking for a job' }, 'cold'],
    ['a lead with nothing known', {}, 'cold'],
  ])('%s', (_name, input, tier) => {
    expect(api.score(compiled, input, NOW).tier).toBe(tier);
  });

  it('explains a hot lead', () => {
    const result = api.score(
      compiled,
      {
        title: 'Founder & CEO',
        industry: 'Internet',
        employeeCount: 120,
        country: 'GB',
        technologies: ['HubSpot'],
        notes: 'Asked for pricing after the webinar',
        budget: 20000,
        timeline: 'this quarter',
        engagement: [{ kind: 'click', at: NOW - DAY_MS }],
      },
      NOW,
    );
    expect(result.contributions.map((c) => c.reason)).toEqual([
      '+15 industry is Internet',
      '+15 employee count 120 is within 50–1000',
      '+5 country is GB',
      '+20 title seniority is c-level',
      '+5 title function is executive',
      '+8 uses "HubSpot"',
      '+10 budget 20000 is at least 10000',
      '+10 timeline "this quarter" mentions "this quarter"',
      '+10 title/notes mention "pricing"',
      '+3.81 1 click (4 before decay)',
      '-1.81 score capped at 100 (sum was 101.81)',
    ]);
    expect(result).toMatchObject({ score: 100, tier: 'hot', fit: 68, intent: 30, engagement: 3.81 });
  });
});

describe('public API', () => {
  it('exports the library surface', () => {
    for (const name of [
      'validateScoringRuleSet',
      'validateScoringRuleSetText',
      'parseScoringRuleSetText',
      'scoringRuleSetSchema',
      'parseTitle',
      'compileRuleSet',
      'score',
      'normaliseInputs',
      'decayFactor',
      'tierFor',
      'tierChange',
      'shadowReport',
      'DEFAULT_SCORING_RULE_SET',
      'ScoringRuleSetError',
    ]) {
      expect(api).toHaveProperty(name);
    }
  });
});
