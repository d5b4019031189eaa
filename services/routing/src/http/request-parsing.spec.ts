import { RoutingError } from '../routing-errors.js';
import { parseAccountReply, parseCampaignId, parseEnrolledRoutesPage, parseEnrolmentQuery, parseLeadId, parseLeadStage, parseTouch } from './request-parsing.js';

const LEAD = '0190A5B0-0000-7000-8000-000000000001';
const now = Date.parse('2025-01-06T12:00:00Z');

function refusal(fn: () => unknown): RoutingError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RoutingError) return err;
    throw err;
  }
  throw new Error('expected a RoutingError');
}

describe('path ids', () => {
  it('accepts campaign and lead ids, lower-casing lead ids', () => {
    expect(parseCampaignId('demo-2025')).toBe('demo-2025');
    expect(parseLeadId(LEAD)).toBe(LEAD.toLowerCase());
  });

  it('refuses anything else with a coded error naming the field', () => {
    expect(refusal(() => parseCampaignId('Demo'))).toMatchObject({ code: 'invalid_campaign_id', details: [{ field: 'campaignId' }] });
    expect(refusal(() => parseLeadId('42'))).toMatchObject({ code: 'invalid_lead_id', details: [{ field: 'leadId' }] });
  });
});

describe('parseTouch', () => {
  it('defaults the time to now and takes an optional owner', () => {
    expect(parseTouch(undefined, now)).toEqual({ at: new Date(now), by: null });
    expect(parseTouch({ at: '2025-01-06T11:00:00+01:00', by: 'alice' }, now)).toEqual({ at: new Date('2025-01-06T10:00:00Z'), by: 'alice' });
  });

  it('names every bad field at once', () => {
    const err = refusal(() => parseTouch({ at: '2025-01-06 11:00', by: '', extra: 1 }, now));
    expect(err.code).toBe('invalid_touch');
    expect(err.details.map((d) => d.field).sort()).toEqual(['at', 'by', 'extra']);
  });

  it('refuses a touch from the future', () => {
    expect(refusal(() => parseTouch({ at: '2025-01-07T12:00:00Z' }, now)).details).toEqual([{ field: 'at', message: 'at is in the future' }]);
  });

  it('refuses a body that is not an object', () => {
    expect(refusal(() => parseTouch([], now))).toMatchObject({ code: 'invalid_touch', details: [{ field: '(body)' }] });
  });
});

describe('parseLeadStage', () => {
  it('takes a stage, or null to clear it', () => {
    expect(parseLeadStage({ stage: ' Customer ' })).toEqual({ stage: 'Customer' });
    expect(parseLeadStage({ stage: null })).toEqual({ stage: null });
  });

  it('refuses a missing, non-text or control-character stage', () => {
    expect(refusal(() => parseLeadStage({})).details).toEqual([{ field: 'stage', message: 'stage is required (null clears it)' }]);
    expect(refusal(() => parseLeadStage({ stage: 3 })).code).toBe('invalid_lead_stage');
    expect(refusal(() => parseLeadStage({ stage: 'a\nb' })).details[0]!.field).toBe('stage');
    expect(refusal(() => parseLeadStage({ stage: 'x'.repeat(201) })).details[0]!.message).toMatch(/longer than 200/);
  });

  it('treats __proto__ as an unknown property, not as a prototype', () => {
    const body = JSON.parse('{"stage":"lead","__proto__":{"stage":"customer"}}');
    expect(refusal(() => parseLeadStage(body)).details).toEqual([{ field: '__proto__', message: 'unknown property __proto__' }]);
  });
});

describe('parseAccountReply', () => {
  it('normalises the company domain', () => {
    expect(parseAccountReply({ companyDomain: 'WWW.Acme.com', leadId: LEAD, repliedAt: '2025-01-06T09:00:00Z' }, now)).toEqual({
      companyDomain: 'acme.com',
      leadId: LEAD.toLowerCase(),
      repliedAt: new Date('2025-01-06T09:00:00Z'),
    });
  });

  it('names each missing or bad field', () => {
    const err = refusal(() => parseAccountReply({ companyDomain: 'localhost' }, now));
    expect(err.code).toBe('invalid_account_reply');
    expect(err.details).toEqual([
      { field: 'companyDomain', message: 'companyDomain must be a domain name such as acme.com' },
      { field: 'leadId', message: 'leadId is required' },
      { field: 'repliedAt', message: 'repliedAt is required' },
    ]);
  });
});

describe('parseEnrolmentQuery', () => {
  it('takes a list of lead ids, once each', () => {
    expect(parseEnrolmentQuery({ leadIds: [LEAD, LEAD.toLowerCase()] })).toEqual({ leadIds: [LEAD.toLowerCase()] });
  });

  it('names the bad entries by index', () => {
    expect(refusal(() => parseEnrolmentQuery({ leadIds: [LEAD, 'nope', 7] })).details).toEqual([
      { field: 'leadIds[1]', message: 'not a lead id' },
      { field: 'leadIds[2]', message: 'not a lead id' },
    ]);
  });

  it('refuses more ids than a stage page', () => {
    expect(refusal(() => parseEnrolmentQuery({ leadIds: new Array(10_001).fill(LEAD) })).details[0]!.message).toMatch(/more than 10000/);
  });
});

describe('parseEnrolledRoutesPage', () => {
  it('takes a campaign, a lead-id cursor (lower-cased) or null, and a limit', () => {
    expect(parseEnrolledRoutesPage({ campaignId: 'demo', after: null, limit: 500 })).toEqual({ campaignId: 'demo', after: null, limit: 500 });
    expect(parseEnrolledRoutesPage({ campaignId: 'demo', after: LEAD, limit: 1 })).toEqual({ campaignId: 'demo', after: LEAD.toLowerCase(), limit: 1 });
    expect(parseEnrolledRoutesPage({ campaignId: 'demo', limit: 10 }).after).toBeNull();
  });

  it('names every bad field at once', () => {
    const err = refusal(() => parseEnrolledRoutesPage({ campaignId: 'Demo', after: 'x', limit: 0, more: true }));
    expect(err.code).toBe('invalid_enrolled_page');
    expect(err.details.map((d) => d.field).sort()).toEqual(['after', 'campaignId', 'limit', 'more']);
    expect(refusal(() => parseEnrolledRoutesPage({ campaignId: 'demo', after: null, limit: 10_001 })).details).toEqual([{ field: 'limit', message: 'limit must be a whole number from 1 to 10000' }]);
    expect(refusal(() => parseEnrolledRoutesPage([])).details).toEqual([{ field: '(body)', message: 'expected an object' }]);
  });
});
