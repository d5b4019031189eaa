export type ApiErrorCode = 'campaign_exists' | 'campaign_not_found' | 'run_not_found' | 'service_unavailable' | 'temporal_unavailable' | 'invalid_query';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Array<{ field?: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** Errors forwarded from a stage service keep the status it gave them (ForwardedError.status). */
export const apiStatusByCode: Record<ApiErrorCode, number> = {
  campaign_exists: 409,
  campaign_not_found: 404,
  run_not_found: 404,
  service_unavailable: 503,
  temporal_unavailable: 503,
  invalid_query: 400,
};
