import { validateLeadRecord, type LeadInput } from '#libs/lead-intake';
import { HarvestError, assertCampaignId } from '../harvest-errors.js';

const MAX_KEYS = 40;

/**
 * A lead from an API body or a web form: the same field rules as a CSV row (libs/lead-intake), plus refusal of
 * anything that is not a flat object of known fields.
 */
export function parseLeadRequest(body: unknown, { allowExtra }: { allowExtra: boolean }): { campaignId: string; lead: LeadInput } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HarvestError('invalid_lead', 'the body must be a JSON object', [{ field: '(body)', message: 'expected an object' }]);
  }
  const record = { ...(body as Record<string, unknown>) };
  if (Object.keys(record).length > MAX_KEYS) throw new HarvestError('invalid_lead', `at most ${MAX_KEYS} fields`, [{ field: '(body)', message: 'too many fields' }]);
  const campaignId = assertCampaignId(record.campaignId);
  delete record.campaignId;
  const checked = validateLeadRecord(record, { rejectUnknown: !allowExtra });
  if (!checked.ok) {
    throw new HarvestError('invalid_lead', 'the lead has invalid fields', checked.problems.map((p) => ({ field: p.field, message: p.reason })));
  }
  return { campaignId, lead: checked.lead };
}
