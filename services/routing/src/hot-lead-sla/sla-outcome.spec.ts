import { emptyRoutingState } from '#libs/lead-routing';
import type { HotLeadSlaInput } from '#libs/contracts';
import { slaNoLongerApplies, toSlaOutcome, type SlaRoute } from './sla-outcome.js';

const input: HotLeadSlaInput = { campaignId: 'demo', leadId: '0190a5b0-0000-7000-8000-000000000001', ownerId: 'alice', routedAt: '2025-01-06T09:00:00.000Z', slaMinutes: 60 };
const route: SlaRoute = { tier: 'hot', outcome: 'enrol', ownerId: 'alice', territoryId: 'emea-enterprise', ruleSetVersion: 1, touchedAt: null };

describe('slaNoLongerApplies', () => {
  it('leaves an untouched hot enrolled lead of the same owner to the rules', () => {
    expect(slaNoLongerApplies(route, input)).toBeNull();
  });

  it('says why the SLA no longer applies', () => {
    expect(slaNoLongerApplies(undefined, input)?.reason).toMatch(/has no route in campaign demo/);
    expect(slaNoLongerApplies({ ...route, outcome: 'skipped' }, input)?.reason).toMatch(/no longer enrolled/);
    expect(slaNoLongerApplies({ ...route, ownerId: 'bruno' }, input)?.reason).toMatch(/now belongs to bruno/);
    expect(slaNoLongerApplies({ ...route, tier: 'warm' }, input)?.reason).toMatch(/warm, not hot/);
  });

  it('counts a touch only from the moment the SLA started', () => {
    expect(slaNoLongerApplies({ ...route, touchedAt: new Date('2025-01-06T09:30:00Z') }, input)).toEqual({ action: 'none', reason: 'touched at 2025-01-06T09:30:00.000Z' });
    expect(slaNoLongerApplies({ ...route, touchedAt: new Date('2025-01-06T08:59:00Z') }, input)).toBeNull();
  });
});

describe('toSlaOutcome', () => {
  it('carries the target and reason of escalations and reassignments', () => {
    expect(toSlaOutcome({ action: 'escalate', to: 'sales-manager', reason: 'r' })).toEqual({ action: 'escalate', to: 'sales-manager', reason: 'r' });
    expect(toSlaOutcome({ action: 'reassign', to: 'bruno', reason: 'r', state: emptyRoutingState() })).toEqual({ action: 'reassign', to: 'bruno', reason: 'r' });
  });

  it('always gives a reason for doing nothing', () => {
    expect(toSlaOutcome({ action: 'none' }).reason).toBe('the SLA does not apply');
    expect(toSlaOutcome({ action: 'wait', dueAt: Date.parse('2025-01-06T10:00:00Z') }).reason).toBe('not due until 2025-01-06T10:00:00.000Z');
  });
});
