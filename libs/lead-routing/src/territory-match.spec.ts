import { matchTerritory } from './owner-assignment.js';
import type { RoutingRuleSet } from './routing-rule-set.js';
import type { RoutableLead } from './territory-match.js';

const ruleSet: RoutingRuleSet = {
  version: 1,
  sequences: { hot: 'h', warm: 'w', cool: 'c', cold: null },
  territories: [
    { id: 'dach-enterprise', match: { country: { in: ['DE', 'AT', 'CH'] }, employeeCount: { gte: 1000 } }, owners: ['a'] },
    { id: 'us-west', match: { country: { in: ['US'] }, region: { in: ['CA', 'WA', 'Oregon'] } }, owners: ['a'] },
    { id: 'fintech', match: { industry: { in: ['Fintech', 'Banking'] } }, owners: ['a'] },
    { id: 'smb', match: { employeeCount: { lte: 50 } }, owners: ['a'] },
    { id: 'mid-market', match: { employeeCount: { gte: 200, lte: 999 } }, owners: ['a'] },
  ],
  owners: [{ id: 'a', weight: 1, dailyCapacity: 10, active: true }],
  guardrails: { doNotContactStages: [], colleagueReplied: 'block', activeInOtherSequence: 'skip' },
  sla: { hotUntouchedMinutes: 60, action: 'reassign' },
};

describe('matchTerritory', () => {
  it.each<[string, RoutableLead, string | null]>([
    ['country and size both hold', { country: 'DE', employeeCount: 1500 }, 'dach-enterprise'],
    ['gte is inclusive', { country: 'AT', employeeCount: 1000 }, 'dach-enterprise'],
    ['one below gte falls through to a later territory', { country: 'DE', employeeCount: 999 }, 'mid-market'],
    ['country compared without case or spaces', { country: ' ch ', employeeCount: 5000 }, 'dach-enterprise'],
    ['a missing employee count does not match a size condition', { country: 'DE' }, null],
    ['region matches case-insensitively', { country: 'US', region: 'ca' }, 'us-west'],
    ['region written as a name in the rule', { country: 'US', region: 'OREGON' }, 'us-west'],
    ['region alone is not enough', { country: 'CA', region: 'CA' }, null],
    ['US without a region falls through', { country: 'US', industry: 'Banking' }, 'fintech'],
    ['industry with other case and spaces', { industry: '  FINTECH ' }, 'fintech'],
    ['first matching territory wins over a later one', { country: 'DE', employeeCount: 5000, industry: 'Fintech' }, 'dach-enterprise'],
    ['lte is inclusive', { employeeCount: 50 }, 'smb'],
    ['between two ranges', { employeeCount: 51 }, null],
    ['both bounds inclusive', { employeeCount: 999 }, 'mid-market'],
    ['NaN employee count is unknown', { employeeCount: Number.NaN }, null],
    ['null fields are unknown', { country: null, region: null, industry: null, employeeCount: null }, null],
    ['an empty lead matches nothing here', {}, null],
  ])('%s', (_name, lead, expected) => {
    expect(matchTerritory(ruleSet, lead)?.id ?? null).toBe(expected);
  });

  it('a catch-all territory takes everything the others leave', () => {
    const withRest: RoutingRuleSet = { ...ruleSet, territories: [...ruleSet.territories, { id: 'rest', match: {}, owners: ['a'] }] };
    expect(matchTerritory(withRest, {})?.id).toBe('rest');
    expect(matchTerritory(withRest, { employeeCount: 10 })?.id).toBe('smb');
  });

  it('no territories: nothing matches', () => {
    expect(matchTerritory({ ...ruleSet, territories: [] }, { country: 'DE', employeeCount: 5000 })).toBeNull();
  });
});
