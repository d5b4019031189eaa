/**
 * Validation on save: the shared rule-set kit (guard, located errors, order and cap) with the routing schema
 * and the checks across territories and owners. Every problem names where it is (a JSON path that uses the
 * territory's or owner's id), which territory, owner or section it belongs to (`rule`) and which setting
 * (`field`), so an operator can fix a rule set in one pass.
 */
import { child, listAt, ruleSetValidator, type PathPart, type RuleSetProblem, type RuleSetValidator } from '#libs/rule-set-kit';
import { ID, routingRuleSetSchema, type RoutingRuleSet } from './routing-rule-set.js';

export type { RuleSetError, RuleSetValidation } from '#libs/rule-set-kit';

export const validateRoutingRuleSet: RuleSetValidator<RoutingRuleSet> = ruleSetValidator<RoutingRuleSet>({
  schema: routingRuleSetSchema,
  // Owners and territories are separate lists: an owner and a territory may share an id.
  ruleLists: [[['territories']], [['owners']]],
  idPattern: ID,
  sections: ['sequences', 'guardrails', 'sla'],
  conditionKey: 'match',
  crossChecks: crossCheck,
});

const problem = (path: PathPart[], message: string): RuleSetProblem => ({ path, message });

/** Rules that span several parts of the rule set, which the schema cannot see. */
function crossCheck(input: unknown): RuleSetProblem[] {
  const errors: RuleSetProblem[] = [];
  const owners = listAt(input, 'owners');
  const territories = listAt(input, 'territories');

  const ownerIds = new Set<string>();
  owners.forEach((owner, i) => {
    const ownerId = child(owner, 'id');
    if (typeof ownerId !== 'string') return;
    if (ownerIds.has(ownerId)) errors.push(problem(['owners', i, 'id'], `owner ${ownerId} is listed more than once`));
    ownerIds.add(ownerId);
  });

  const territoryIds = new Set<string>();
  let catchAll: string | undefined;
  territories.forEach((territory, i) => {
    const territoryId = child(territory, 'id');
    const name = typeof territoryId === 'string' ? `territory ${territoryId}` : `territory #${i + 1}`;
    if (typeof territoryId === 'string') {
      if (territoryIds.has(territoryId)) errors.push(problem(['territories', i, 'id'], `${name} is listed more than once`));
      territoryIds.add(territoryId);
    }

    const seen = new Set<string>();
    listAt(territory, 'owners').forEach((ownerId, j) => {
      if (typeof ownerId !== 'string') return;
      if (seen.has(ownerId)) {
        errors.push(problem(['territories', i, 'owners', j], `${name} lists owner ${ownerId} more than once`));
      } else if (owners.length > 0 && !ownerIds.has(ownerId)) {
        errors.push(problem(['territories', i, 'owners', j], `${name} names owner ${ownerId}, who is not in owners`));
      }
      seen.add(ownerId);
    });

    const match = child(territory, 'match');
    const employees = child(match, 'employeeCount');
    if (typeof employees === 'object' && employees !== null && !Array.isArray(employees)) {
      const gte = child(employees, 'gte');
      const lte = child(employees, 'lte');
      if (gte === undefined && lte === undefined) {
        errors.push(problem(['territories', i, 'match', 'employeeCount'], `${name}: employeeCount needs gte, lte or both`));
      } else if (typeof gte === 'number' && typeof lte === 'number' && gte > lte) {
        errors.push(problem(['territories', i, 'match', 'employeeCount'], `${name}: employeeCount.gte ${gte} is above lte ${lte}, so nothing matches`));
      }
    }

    // A territory after a catch-all can never match: almost certainly a mistake in the order.
    if (catchAll !== undefined) {
      errors.push(problem(['territories', i], `${name} can never match: ${catchAll} before it matches every lead`));
    } else if (typeof match === 'object' && match !== null && !Array.isArray(match) && Object.keys(match).length === 0) {
      catchAll = name;
    }
  });

  const sla = child(input, 'sla');
  if (child(sla, 'action') === 'escalate' && child(sla, 'escalateTo') === undefined) {
    errors.push(problem(['sla', 'escalateTo'], 'escalateTo is required when the SLA action is escalate'));
  }
  return errors;
}
