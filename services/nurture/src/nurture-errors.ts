import { CodedServiceError } from '#libs/http-api';

/** Nurture business errors carry a code; the HTTP filter maps codes to statuses in one place. */
export type NurtureErrorCode =
  | 'invalid_campaign_id'
  | 'invalid_lead_id'
  | 'invalid_request'
  | 'invalid_sequence'
  | 'invalid_template'
  | 'invalid_mailbox'
  | 'invalid_nurture_settings'
  | 'sequence_not_found'
  | 'template_not_found'
  | 'mailbox_not_found'
  | 'enrolment_not_found'
  | 'id_conflict'
  | 'campaign_stopped';

export type { ErrorDetail as NurtureErrorDetail } from '#libs/http-api';

export class NurtureError extends CodedServiceError<NurtureErrorCode> {}

/** Where each nurture error code lands in HTTP. Others' modules in this service add their own maps beside it. */
export const nurtureStatusByCode: Record<NurtureErrorCode, number> = {
  invalid_campaign_id: 400,
  invalid_lead_id: 400,
  invalid_request: 400,
  invalid_sequence: 422,
  invalid_template: 422,
  invalid_mailbox: 422,
  invalid_nurture_settings: 422,
  sequence_not_found: 404,
  template_not_found: 404,
  mailbox_not_found: 404,
  enrolment_not_found: 404,
  id_conflict: 409,
  campaign_stopped: 409,
};
