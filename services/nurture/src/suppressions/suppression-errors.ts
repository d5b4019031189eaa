import { CodedServiceError } from '#libs/http-api';

/** Coded errors of the suppression list, opt-outs and the one-click unsubscribe; statuses in one place. */
export type SuppressionErrorCode = 'suppression_not_found' | 'invalid_suppression' | 'unsubscribe_token_invalid' | 'unsubscribe_not_found' | 'workflows_not_signalled';

export class SuppressionError extends CodedServiceError<SuppressionErrorCode> {}

export const suppressionStatusByCode: Record<SuppressionErrorCode, number> = {
  suppression_not_found: 404,
  invalid_suppression: 400,
  unsubscribe_token_invalid: 400,
  unsubscribe_not_found: 404,
  // An opt-out or a colleague stop is stored, but some workflows were not told: the caller retries (no second
  // effect) until every one has heard.
  workflows_not_signalled: 503,
};

export function invalidSuppression(field: string, message: string): SuppressionError {
  return new SuppressionError('invalid_suppression', message, [{ field, message }]);
}
