import { CodedServiceError } from '#libs/http-api';

/** Coded errors of the suppression list, opt-outs and the one-click unsubscribe; statuses in one place. */
export type SuppressionErrorCode = 'suppression_not_found' | 'invalid_suppression' | 'unsubscribe_token_invalid' | 'unsubscribe_not_found';

export class SuppressionError extends CodedServiceError<SuppressionErrorCode> {}

export const suppressionStatusByCode: Record<SuppressionErrorCode, number> = {
  suppression_not_found: 404,
  invalid_suppression: 400,
  unsubscribe_token_invalid: 400,
  unsubscribe_not_found: 404,
};

export function invalidSuppression(field: string, message: string): SuppressionError {
  return new SuppressionError('invalid_suppression', message, [{ field, message }]);
}
