import { isCampaignId } from '#libs/contracts';
import { parseVersionQuery } from '../definitions/versioned-rows.js';
import { NurtureError } from '../nurture-errors.js';

const IDENT = /^[a-z0-9][a-z0-9-]{0,62}$/;
const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths and queries, checked before any handler hands them to SQL; each refusal names its field. */
export function campaignIdParam(value: unknown): string {
  if (!isCampaignId(value)) throw new NurtureError('invalid_campaign_id', 'campaignId must be 1-63 lower-case letters, digits or dashes', [{ field: 'campaignId', message: 'campaignId must be 1-63 lower-case letters, digits or dashes' }]);
  return value;
}

export function leadIdParam(value: unknown): string {
  if (typeof value !== 'string' || !LEAD_ID.test(value)) throw new NurtureError('invalid_lead_id', 'leadId must be a lead id (a UUID)', [{ field: 'leadId', message: 'leadId must be a lead id (a UUID)' }]);
  return value.toLowerCase();
}

export function identParam(field: 'sequenceId' | 'templateId' | 'mailboxId', value: unknown): string {
  if (typeof value !== 'string' || !IDENT.test(value)) throw new NurtureError('invalid_request', `${field} must be 1-63 lower-case letters, digits or dashes`, [{ field, message: `${field} must be 1-63 lower-case letters, digits or dashes` }]);
  return value;
}

export function versionQuery(value: unknown): number | null {
  const version = parseVersionQuery(value);
  if (version === 'invalid') throw new NurtureError('invalid_request', 'version must be a whole number ≥ 1', [{ field: 'version', message: 'version must be a whole number ≥ 1' }]);
  return version;
}

/** `?after=&limit=` of a page: a position cursor (the last position seen) and 1 … max rows. */
export function pageQuery(after: unknown, limit: unknown, max: number, fallback: number): { after: number; limit: number } {
  const problems: Array<{ field: string; message: string }> = [];
  let a = 0;
  let l = fallback;
  if (after !== undefined && after !== '') {
    if (typeof after === 'string' && /^\d{1,9}$/.test(after)) a = Number(after);
    else problems.push({ field: 'after', message: "after must be the previous page's next" });
  }
  if (limit !== undefined && limit !== '') {
    if (typeof limit === 'string' && /^\d{1,6}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= max) l = Number(limit);
    else problems.push({ field: 'limit', message: `limit must be a whole number from 1 to ${max}` });
  }
  if (problems.length > 0) throw new NurtureError('invalid_request', 'the page query is invalid', problems);
  return { after: a, limit: l };
}
