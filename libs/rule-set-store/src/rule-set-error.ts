import { isCampaignId } from '#libs/contracts';
import { CodedServiceError } from '#libs/http-api';
import type { RuleSetError as RuleSetProblem } from '#libs/rule-set-kit';

export type RuleSetErrorCode = 'invalid_rule_set' | 'rule_set_not_found' | 'no_active_rule_set' | 'invalid_campaign_id';

export class RuleSetError extends CodedServiceError<RuleSetErrorCode> {}

/**
 * A refused rule set (422): one detail per problem, its path as the field, the rule and setting in the message,
 * and the line and column when the body was JSON or YAML text and the place exists in it.
 */
export function refusedRuleSet(message: string, problems: readonly RuleSetProblem[]): RuleSetError {
  return new RuleSetError(
    'invalid_rule_set',
    message,
    problems.map((p) => ({
      field: p.path || '(body)',
      message: `${p.rule ? `rule ${p.rule}: ` : ''}${p.field && !p.path.endsWith(p.field) ? `${p.field}: ` : ''}${p.message}`,
      ...(p.line === undefined ? {} : { line: p.line, column: p.column }),
    })),
  );
}

export const ruleSetStatusByCode: Record<RuleSetErrorCode, number> = {
  invalid_rule_set: 422,
  rule_set_not_found: 404,
  no_active_rule_set: 404,
  invalid_campaign_id: 400,
};

export function assertRuleSetCampaign(id: unknown): string {
  if (!isCampaignId(id)) {
    throw new RuleSetError('invalid_campaign_id', 'campaign id must be 1-63 lower-case letters, digits or dashes', [{ field: 'campaignId', message: 'invalid campaign id' }]);
  }
  return id;
}
