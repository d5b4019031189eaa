import type { LeadFacts } from '#libs/contracts';
import { DEFAULT_SCORING_RULE_SET, compileRuleSet, score } from '#libs/lead-scoring';
import { scoreChanged, scoringInputFrom, storedScoreRow } from './scoring-input-from-facts.js';

const facts: LeadFacts = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  email: 'vera@rocket.example',
  firstName: 'Vera',
  lastName: 'Rubin',
  title: 'VP Sales',
  company: 'Rocket',
  companyDomain: 'rocket.example',
  industry: 'Software',
  employeeCount: 250,
  revenueBand: null,
  country: 'US',
  region: null,
  timeZone: null,
  technologies: ['Salesforce'],
  notes: 'asked for pricing',
  updatedAt: '2026-11-25T00:00:00.000Z',
};
const compiled = compileRuleSet(DEFAULT_SCORING_RULE_SET);
const now = Date.UTC(2026, 10, 25);

describe('stored scores', () => {
  it('keep compact contributions and the inputs, which reproduce the same score', () => {
    const result = score(compiled, scoringInputFrom(facts, []), now);
    const row = storedScoreRow(facts.id, result);
    expect(row.contributions).toEqual(result.contributions.map((c) => [c.ruleId, c.points, c.section]));
    const again = score(compiled, row.inputs, now);
    expect(again.score).toBe(row.score);
    expect(storedScoreRow(facts.id, again).inputs_hash).toBe(row.inputs_hash);
  });

  it('count as changed only when score, tier, rule set or inputs move', () => {
    const row = storedScoreRow(facts.id, score(compiled, scoringInputFrom(facts, []), now));
    expect(scoreChanged(undefined, row)).toBe(true);
    expect(scoreChanged({ ...row }, row)).toBe(false);
    expect(scoreChanged({ ...row, rule_set_version: 0 }, row)).toBe(true);
    const moved = storedScoreRow(facts.id, score(compiled, scoringInputFrom({ ...facts, title: 'Intern' }, []), now));
    expect(scoreChanged(row, moved)).toBe(true);
  });
});
