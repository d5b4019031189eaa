import { toRouteView, type RouteRow } from './route-view.js';

const row: RouteRow = {
  campaign_id: 'demo',
  lead_id: '0190a5b0-0000-7000-8000-000000000001',
  tier: 'hot',
  outcome: 'enrol',
  sequence_id: 'demo-hot-personal',
  owner_id: 'alice',
  territory_id: 'emea-enterprise',
  reasons: [{ code: 'assigned', message: 'territory emea-enterprise; round-robin weight 3/5; 1/50 today' }],
  rule_set_version: 1,
  run_id: 'run-1',
  routed_at: new Date('2025-01-06T09:00:00Z'),
  touched_at: null,
  sla_due_at: new Date('2025-01-06T10:00:00Z'),
  sla_started_at: new Date('2025-01-06T09:00:01Z'),
};

describe('toRouteView', () => {
  it('maps the row to the API shape with ISO times and the SLA', () => {
    const view = toRouteView(row, [{ action: 'reassign', from_owner: 'alice', to_owner: 'bruno', reason: 'untouched', at: new Date('2025-01-06T10:00:00Z') }]);
    expect(view).toEqual({
      campaignId: 'demo',
      leadId: row.lead_id,
      tier: 'hot',
      outcome: 'enrol',
      sequenceId: 'demo-hot-personal',
      ownerId: 'alice',
      territoryId: 'emea-enterprise',
      reasons: row.reasons,
      ruleSetVersion: 1,
      runId: 'run-1',
      routedAt: '2025-01-06T09:00:00.000Z',
      touchedAt: null,
      sla: { dueAt: '2025-01-06T10:00:00.000Z', timerStarted: true },
      slaEvents: [{ action: 'reassign', fromOwner: 'alice', toOwner: 'bruno', reason: 'untouched', at: '2025-01-06T10:00:00.000Z' }],
    });
  });

  it('shows no SLA for leads without one', () => {
    expect(toRouteView({ ...row, tier: 'warm', sla_due_at: null, sla_started_at: null }, []).sla).toBeNull();
  });
});
