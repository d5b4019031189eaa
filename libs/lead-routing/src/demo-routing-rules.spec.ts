import { DEMO_CAMPAIGN_ID, DEMO_ROUTING_RULE_SET } from './demo-routing-rules.js';
import { assignBatch } from './owner-assignment.js';
import { validateRoutingRuleSet } from './validate-rule-set.js';

describe('demo routing rule set', () => {
  it('is for the demo campaign and passes validation', () => {
    expect(DEMO_CAMPAIGN_ID).toBe('demo');
    expect(validateRoutingRuleSet(DEMO_ROUTING_RULE_SET)).toEqual({ ok: true, ruleSet: DEMO_ROUTING_RULE_SET });
  });

  it('cannot be changed by accident (it is shared by every caller)', () => {
    expect(Object.isFrozen(DEMO_ROUTING_RULE_SET.owners[0])).toBe(true);
    expect(Object.isFrozen(DEMO_ROUTING_RULE_SET.territories[0].match.country?.in)).toBe(true);
  });

  it('routes sample leads like the bundled CSV’s to both territories and the shared pool', () => {
    const { assignments } = assignBatch(
      DEMO_ROUTING_RULE_SET,
      [
        { country: 'GB', employeeCount: 1200 },
        { country: 'DE', employeeCount: 15000 },
        { country: 'US', employeeCount: 80 },
        { country: 'JP', employeeCount: 15000 },
        { country: 'FR', employeeCount: 150 },
      ],
      undefined,
      '2025-01-06',
    );
    expect(assignments.map((a) => [a.territoryId, a.ownerId])).toEqual([
      ['emea-enterprise', 'alice'],
      ['emea-enterprise', 'bruno'],
      ['americas', 'carmen'],
      [null, 'alice'],
      [null, 'bruno'],
    ]);
  });
});
