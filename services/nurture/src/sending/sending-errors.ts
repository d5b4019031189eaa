import { CodedServiceError } from '#libs/http-api';

/** Coded errors of template preview and test sends; statuses in one place, within those the API declares for them. */
export type SendingErrorCode = 'invalid_preview_request' | 'lead_not_found' | 'template_not_found' | 'template_fields_missing' | 'postal_address_missing' | 'template_invalid' | 'compliance_refused' | 'no_campaign_mailbox' | 'test_send_failed';

/** Carries its own status, so the service's exception filter answers it without a line in the service's map. */
export class SendingError extends CodedServiceError<SendingErrorCode> {
  get status(): number {
    return sendingStatusByCode[this.code];
  }
}

export const sendingStatusByCode: Record<SendingErrorCode, number> = {
  invalid_preview_request: 400,
  lead_not_found: 404,
  template_not_found: 404,
  template_fields_missing: 422,
  postal_address_missing: 422,
  template_invalid: 422,
  compliance_refused: 422,
  no_campaign_mailbox: 422,
  // SendGrid did not take it: the API passes 503 on (a provider outage, try again).
  test_send_failed: 503,
};
