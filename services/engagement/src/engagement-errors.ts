import { CodedServiceError } from '#libs/http-api';

/** Engagement business errors carry a code; the HTTP filter maps codes to statuses in one place. */
export type EngagementErrorCode =
  | 'invalid_request'
  | 'invalid_lead_id'
  | 'signature_required'
  | 'signature_invalid'
  | 'webhook_not_configured'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'invalid_event_batch'
  | 'parse_auth_required'
  | 'inbox_unavailable';

export class EngagementError extends CodedServiceError<EngagementErrorCode> {}

/** Inbound Parse drops mail on a 4xx, so anything temporary must be a 5xx (inbox_unavailable). */
export const engagementStatusByCode: Record<EngagementErrorCode, number> = {
  invalid_request: 400,
  invalid_lead_id: 400,
  signature_required: 401,
  signature_invalid: 401,
  webhook_not_configured: 503,
  unsupported_media_type: 415,
  payload_too_large: 413,
  invalid_event_batch: 400,
  parse_auth_required: 401,
  inbox_unavailable: 503,
};
