import { NurtureError } from '../nurture-errors.js';
import { campaignIdParam, identParam, leadIdParam, pageQuery, versionQuery } from './path-values.js';

function refusal(fn: () => unknown): NurtureError {
  try {
    fn();
  } catch (err) {
    if (err instanceof NurtureError) return err;
    throw err;
  }
  throw new Error('expected a NurtureError');
}

describe('path and query values', () => {
  it('accept ids, lower-casing lead ids', () => {
    expect(campaignIdParam('demo-2026')).toBe('demo-2026');
    expect(leadIdParam('0190A5B0-0000-7000-8000-000000000001')).toBe('0190a5b0-0000-7000-8000-000000000001');
    expect(identParam('sequenceId', 'warm-intro')).toBe('warm-intro');
  });

  it('refuse anything else, naming the field', () => {
    expect(refusal(() => campaignIdParam('Demo'))).toMatchObject({ code: 'invalid_campaign_id', details: [{ field: 'campaignId' }] });
    expect(refusal(() => leadIdParam('42'))).toMatchObject({ code: 'invalid_lead_id', details: [{ field: 'leadId' }] });
    expect(refusal(() => identParam('mailboxId', 'Sales Box'))).toMatchObject({ code: 'invalid_request', details: [{ field: 'mailboxId' }] });
  });

  it('read ?version= as the latest when absent, else a whole number ≥ 1', () => {
    expect(versionQuery(undefined)).toBeNull();
    expect(versionQuery('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'latest', '01']) expect(refusal(() => versionQuery(bad)).details).toEqual([{ field: 'version', message: 'version must be a whole number ≥ 1' }]);
  });

  it('page by position with a bounded limit', () => {
    expect(pageQuery(undefined, undefined, 500, 100)).toEqual({ after: 0, limit: 100 });
    expect(pageQuery('40', '20', 500, 100)).toEqual({ after: 40, limit: 20 });
    expect(refusal(() => pageQuery('x', '501', 500, 100)).details.map((d) => d.field)).toEqual(['after', 'limit']);
  });
});
