import { validateRuleSetText } from '#libs/rule-set-kit';
import { DEMO_ROUTING_RULE_SET, validateRoutingRuleSet } from '#libs/lead-routing';
import { refusedRuleSet } from './rule-set-error.js';

describe('refusedRuleSet', () => {
  it('gives API callers the path, the rule and setting, and the line and column of a refused text', () => {
    const text = JSON.stringify({ ...DEMO_ROUTING_RULE_SET, owners: [{ ...DEMO_ROUTING_RULE_SET.owners[0], weight: 0 }, ...DEMO_ROUTING_RULE_SET.owners.slice(1)] }, null, 2);
    const result = validateRuleSetText(validateRoutingRuleSet, text);
    if (result.ok) throw new Error('expected the rule set to be refused');
    const error = refusedRuleSet('rule set refused: 1 problem', result.errors);
    expect(error.code).toBe('invalid_rule_set');
    const line = text.split('\n').findIndex((l) => l.includes('"weight": 0')) + 1;
    expect(error.details).toEqual([{ field: 'owners[id=alice].weight', message: 'rule alice: weight must be at least 1', line, column: 17 }]);
  });

  it('names the whole body when a problem has no path, and leaves out a position it does not have', () => {
    expect(refusedRuleSet('refused', [{ path: '', message: 'a rule set must be a JSON object (got a list)' }]).details).toEqual([
      { field: '(body)', message: 'a rule set must be a JSON object (got a list)' },
    ]);
  });
});
