import { CodedServiceError } from '#libs/http-api';

export type ScoringErrorCode = 'score_not_found' | 'invalid_request' | 'facts_unavailable';

export class ScoringError extends CodedServiceError<ScoringErrorCode> {}

/** Where each scoring error code lands in HTTP; the stage kit adds the rule-set codes. */
export const scoringStatusByCode: Record<ScoringErrorCode, number> = { score_not_found: 404, invalid_request: 400, facts_unavailable: 503 };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function assertLeadId(value: unknown, field = 'leadId'): string {
  if (typeof value !== 'string' || !uuidPattern.test(value)) throw new ScoringError('invalid_request', `${field} must be a lead id`, [{ field, message: 'not a lead id' }]);
  return value;
}
