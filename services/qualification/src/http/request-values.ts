import { STAGE_PAGE_MAX, isCampaignId } from '#libs/contracts';
import { QualificationError } from '../qualification-errors.js';

/** Parsers for path, query and body values of the internal routes; each refusal names the field. */

const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function campaignIdOf(value: unknown, field = 'campaignId'): string {
  if (!isCampaignId(value)) {
    throw new QualificationError('invalid_campaign_id', `${field} must be 1-63 lower-case letters, digits or dashes`, [{ field, message: 'invalid campaign id' }]);
  }
  return value;
}

export function leadIdOf(value: unknown, field = 'leadId'): string {
  if (typeof value !== 'string' || !LEAD_ID.test(value)) {
    throw new QualificationError('invalid_lead_id', `${field} must be a lead id (a UUID)`, [{ field, message: 'not a lead id' }]);
  }
  return value.toLowerCase();
}

/** A page size: a JSON number in a body, or a decimal string in a query. */
export function limitOf(value: unknown, fallback: number, max = STAGE_PAGE_MAX, field = 'limit'): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
    throw new QualificationError('invalid_page', `${field} must be a whole number from 1 to ${max}`, [{ field, message: 'out of range' }]);
  }
  return n;
}

/** Refuses properties a route does not know, so a typo is an error rather than silently ignored. */
export function objectBody(body: unknown, known: readonly string[], code: 'invalid_page'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new QualificationError(code, 'the request body must be a JSON object', [{ field: '(body)', message: 'not a JSON object' }]);
  }
  const unknown = Object.keys(body).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new QualificationError(
      code,
      `unknown propert${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known: ${known.join(', ')}`,
      unknown.map((field) => ({ field, message: `unknown property ${field}` })),
    );
  }
  return body as Record<string, unknown>;
}
