import { CodedServiceError } from '#libs/http-api';

/** Routing business errors carry a code; the HTTP filter maps codes to statuses in one place. */
export type RoutingErrorCode =
  | 'invalid_campaign_id'
  | 'invalid_lead_id'
  | 'invalid_touch'
  | 'invalid_lead_stage'
  | 'invalid_account_reply'
  | 'invalid_enrolment_query'
  | 'invalid_enrolled_page'
  | 'route_not_found';

export type { ErrorDetail as RoutingErrorDetail } from '#libs/http-api';

export class RoutingError extends CodedServiceError<RoutingErrorCode> {}

/** Where each routing error code lands in HTTP; the stage kit adds the rule-set codes. */
export const routingStatusByCode: Record<RoutingErrorCode, number> = {
  invalid_campaign_id: 400,
  invalid_lead_id: 400,
  invalid_touch: 400,
  invalid_lead_stage: 400,
  invalid_account_reply: 400,
  invalid_enrolment_query: 400,
  invalid_enrolled_page: 400,
  route_not_found: 404,
};
