import { isCampaignId } from '#libs/contracts';
import { CodedServiceError } from '#libs/http-api';

/** Harvest business errors carry a code; the HTTP filter maps codes to statuses in one place. */
export type HarvestErrorCode =
  | 'import_not_found'
  | 'lead_not_found'
  | 'form_not_found'
  | 'invalid_form'
  | 'payload_too_large'
  | 'invalid_campaign_id'
  | 'invalid_lead'
  | 'invalid_file_name'
  | 'invalid_sources'
  | 'imports_unavailable';

export class HarvestError extends CodedServiceError<HarvestErrorCode> {}

/** Where each harvest error code lands in HTTP. */
export const harvestStatusByCode: Record<HarvestErrorCode, number> = {
  import_not_found: 404,
  lead_not_found: 404,
  form_not_found: 404,
  invalid_form: 400,
  payload_too_large: 413,
  invalid_campaign_id: 400,
  invalid_lead: 400,
  invalid_file_name: 400,
  invalid_sources: 400,
  imports_unavailable: 503,
};

export function assertCampaignId(id: unknown, field = 'campaignId'): string {
  if (!isCampaignId(id)) {
    throw new HarvestError('invalid_campaign_id', `${field} must be 1-63 lower-case letters, digits or dashes`, [{ field, message: 'invalid campaign id' }]);
  }
  return id;
}
