import { CodedServiceError } from '#libs/http-api';

/** Qualification business errors carry a code; the HTTP filter maps codes to statuses in one place. */
export type QualificationErrorCode =
  | 'qualification_not_found'
  | 'invalid_campaign_id'
  | 'invalid_lead_id'
  | 'invalid_page'
  | 'suppression_list_unavailable';

export class QualificationError extends CodedServiceError<QualificationErrorCode> {}

/** Where each qualification error code lands in HTTP. */
export const qualificationStatusByCode: Record<QualificationErrorCode, number> = {
  qualification_not_found: 404,
  invalid_campaign_id: 400,
  invalid_lead_id: 400,
  invalid_page: 400,
  suppression_list_unavailable: 503,
};
