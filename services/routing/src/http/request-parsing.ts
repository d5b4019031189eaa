/**
 * Input checks for the internal routes: every problem in one answer, each naming its field, under one code per
 * route. Bodies are flat JSON objects of known keys; anything else is refused, not ignored.
 */
import { STAGE_PAGE_MAX, isCampaignId } from '#libs/contracts';
import { companyDomainKey, isCompanyDomain } from '../guardrails/company-domain.js';
import { RoutingError, type RoutingErrorCode, type RoutingErrorDetail } from '../routing-errors.js';

const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Owner and rep ids, as the routing rule set spells them.
const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$/;
// ISO 8601 with a zone: a time without one means a different instant on every server.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const VISIBLE_TEXT = /^(?=[^]*\S)[^\x00-\x1F\x7F]*$/;
const STAGE_MAX = 200;
// A little clock skew between callers and us is normal; a touch or reply from the future is not.
const FUTURE_SKEW_MS = 5 * 60_000;

export function parseCampaignId(value: unknown): string {
  if (!isCampaignId(value)) {
    throw new RoutingError('invalid_campaign_id', 'campaignId must be 1-63 lower-case letters, digits or dashes', [{ field: 'campaignId', message: 'invalid campaign id' }]);
  }
  return value;
}

export function parseLeadId(value: unknown): string {
  if (typeof value !== 'string' || !LEAD_ID.test(value)) {
    throw new RoutingError('invalid_lead_id', 'leadId must be a lead id (a UUID)', [{ field: 'leadId', message: 'not a lead id' }]);
  }
  return value.toLowerCase();
}

export function parseTouch(body: unknown, now = Date.now()): { at: Date; by: string | null } {
  const f = new Fields('invalid_touch', body ?? {}, ['at', 'by']);
  const at = f.has('at') ? f.time('at', now) : new Date(now);
  const by = f.has('by') ? f.personId('by') : null;
  f.done('the touch has invalid fields');
  return { at: at!, by };
}

export function parseLeadStage(body: unknown): { stage: string | null } {
  const f = new Fields('invalid_lead_stage', body, ['stage']);
  let stage: string | null = null;
  const value = f.get('stage');
  if (!f.has('stage')) f.problem('stage', 'stage is required (null clears it)');
  else if (value !== null) {
    if (typeof value !== 'string') f.problem('stage', 'stage must be a string or null');
    else if (value.length > STAGE_MAX) f.problem('stage', `stage is longer than ${STAGE_MAX} characters`);
    else if (!VISIBLE_TEXT.test(value)) f.problem('stage', 'stage must be visible text without control characters');
    else stage = value.trim();
  }
  f.done('the lead stage is invalid');
  return { stage };
}

export function parseAccountReply(body: unknown, now = Date.now()): { companyDomain: string; leadId: string; repliedAt: Date } {
  const f = new Fields('invalid_account_reply', body, ['companyDomain', 'leadId', 'repliedAt']);
  let companyDomain = '';
  const domain = f.get('companyDomain');
  if (typeof domain !== 'string') f.problem('companyDomain', f.has('companyDomain') ? 'companyDomain must be a string' : 'companyDomain is required');
  else {
    companyDomain = companyDomainKey(domain.length > 300 ? '' : domain) ?? '';
    if (!isCompanyDomain(companyDomain)) f.problem('companyDomain', 'companyDomain must be a domain name such as acme.com');
  }
  const leadId = f.leadId('leadId');
  const repliedAt = f.time('repliedAt', now);
  f.done('the account reply has invalid fields');
  return { companyDomain, leadId: leadId!, repliedAt: repliedAt! };
}

export function parseEnrolmentQuery(body: unknown): { leadIds: string[] } {
  const f = new Fields('invalid_enrolment_query', body, ['leadIds']);
  const value = f.get('leadIds');
  const leadIds: string[] = [];
  if (!Array.isArray(value)) f.problem('leadIds', f.has('leadIds') ? 'leadIds must be a list of lead ids' : 'leadIds is required');
  else if (value.length > STAGE_PAGE_MAX) f.problem('leadIds', `leadIds lists more than ${STAGE_PAGE_MAX} lead ids`);
  else {
    value.forEach((id, i) => {
      if (typeof id === 'string' && LEAD_ID.test(id)) leadIds.push(id.toLowerCase());
      else f.problem(`leadIds[${i}]`, 'not a lead id');
    });
  }
  f.done('the enrolment query is invalid');
  return { leadIds: [...new Set(leadIds)] };
}

/** Body `{ campaignId, after, limit }`: a page of a campaign's enrolled routes, keyed by lead id. */
export function parseEnrolledRoutesPage(body: unknown): { campaignId: string; after: string | null; limit: number } {
  const f = new Fields('invalid_enrolled_page', body, ['campaignId', 'after', 'limit']);
  const campaignId = f.get('campaignId');
  if (!isCampaignId(campaignId)) f.problem('campaignId', f.has('campaignId') ? 'campaignId must be 1-63 lower-case letters, digits or dashes' : 'campaignId is required');
  const after = f.get('after') ?? null;
  if (after !== null && (typeof after !== 'string' || !LEAD_ID.test(after))) f.problem('after', 'after must be a lead id (the previous page\'s next) or null');
  const limit = f.get('limit');
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > STAGE_PAGE_MAX) f.problem('limit', `limit must be a whole number from 1 to ${STAGE_PAGE_MAX}`);
  f.done('the enrolled-routes page request is invalid');
  return { campaignId: campaignId as string, after: after === null ? null : (after as string).toLowerCase(), limit: limit as number };
}

/** One body's fields: reads them, collects problems, and throws them all at once. */
class Fields {
  private readonly record: Record<string, unknown> = {};
  private readonly problems: RoutingErrorDetail[] = [];

  constructor(
    private readonly code: RoutingErrorCode,
    body: unknown,
    allowed: readonly string[],
  ) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new RoutingError(code, 'the body must be a JSON object', [{ field: '(body)', message: 'expected an object' }]);
    }
    for (const key of Object.keys(body)) {
      if (allowed.includes(key)) this.record[key] = (body as Record<string, unknown>)[key];
      else this.problem(key, `unknown property ${key}`);
    }
  }

  has(key: string): boolean {
    return Object.hasOwn(this.record, key);
  }

  get(key: string): unknown {
    return this.has(key) ? this.record[key] : undefined;
  }

  problem(field: string, message: string) {
    this.problems.push({ field, message });
  }

  time(key: string, now: number): Date | undefined {
    const value = this.get(key);
    if (typeof value !== 'string' || !ISO_TIME.test(value) || Number.isNaN(Date.parse(value))) {
      this.problem(key, value === undefined ? `${key} is required` : `${key} must be an ISO 8601 time with a zone, such as 2025-01-06T09:30:00Z`);
      return undefined;
    }
    const at = new Date(value);
    if (at.getTime() > now + FUTURE_SKEW_MS) {
      this.problem(key, `${key} is in the future`);
      return undefined;
    }
    return at;
  }

  leadId(key: string): string | undefined {
    const value = this.get(key);
    if (typeof value === 'string' && LEAD_ID.test(value)) return value.toLowerCase();
    this.problem(key, value === undefined ? `${key} is required` : `${key} must be a lead id (a UUID)`);
    return undefined;
  }

  personId(key: string): string | null {
    const value = this.get(key);
    if (typeof value === 'string' && PERSON_ID.test(value)) return value;
    this.problem(key, `${key} must be an owner id: up to 128 letters, digits and . _ : @ + -`);
    return null;
  }

  done(message: string) {
    if (this.problems.length > 0) throw new RoutingError(this.code, message, this.problems);
  }
}
