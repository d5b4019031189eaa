import type { HarvestErrorCode } from './harvest-errors.js';

/** Where each harvest error code lands in HTTP. */
export const harvestStatusByCode: Record<HarvestErrorCode, number> = {
  import_not_found: 404,
  lead_not_found: 404,
  payload_too_large: 413,
  invalid_campaign_id: 400,
  invalid_lead: 400,
  invalid_file_name: 400,
  invalid_sources: 400,
};
