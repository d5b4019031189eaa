import { CodedServiceError } from '#libs/http-api';

export type ApiErrorCode = 'campaign_exists' | 'campaign_not_found' | 'run_not_found' | 'run_in_progress' | 'service_unavailable' | 'temporal_unavailable' | 'invalid_query' | 'nurture_unavailable' | 'engagement_unavailable';

export class ApiError extends CodedServiceError<ApiErrorCode> {}

/** Errors forwarded from a stage service keep the status it gave them (ForwardedError.status). */
export const apiStatusByCode: Record<ApiErrorCode, number> = {
  campaign_exists: 409,
  campaign_not_found: 404,
  run_not_found: 404,
  run_in_progress: 409,
  service_unavailable: 503,
  temporal_unavailable: 503,
  invalid_query: 400,
  // A read that needs the service's answer to be whole (the journey) says which service did not answer.
  nurture_unavailable: 503,
  engagement_unavailable: 503,
};
