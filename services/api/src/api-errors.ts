export type ApiErrorCode = 'campaign_exists' | 'campaign_not_found' | 'run_not_found' | 'harvest_unavailable' | 'temporal_unavailable' | 'invalid_query';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Array<{ field?: string; message: string }> = [],
  ) {
    super(message);
  }
}

export const apiStatusByCode: Record<string, number> = {
  campaign_exists: 409,
  campaign_not_found: 404,
  run_not_found: 404,
  harvest_unavailable: 503,
  temporal_unavailable: 503,
  invalid_query: 400,
  // Codes forwarded from the harvest service keep their meaning here.
  import_not_found: 404,
  lead_not_found: 404,
  payload_too_large: 413,
  invalid_campaign_id: 400,
  invalid_lead: 400,
  invalid_file_name: 400,
  invalid_sources: 400,
};
