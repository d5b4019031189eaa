import type { RouteDecision } from '#libs/lead-routing';
import { toRouteRows } from './route-rows.js';

const enrol = (ownerId: string, sequenceId: string): RouteDecision => ({
  outcome: 'enrol',
  sequenceId,
  ownerId,
  territoryId: 'emea',
  reasons: [{ code: 'assigned', message: 'territory emea; round-robin weight 3/6; 1/50 today' }],
});

describe('toRouteRows', () => {
  const now = Date.parse('2025-01-06T09:00:00Z');

  it('lays decisions out as columns in lead order, reasons as JSON text', () => {
    const { rows } = toRouteRows(
      [
        { leadId: 'l1', tier: 'warm' },
        { leadId: 'l2', tier: 'cold' },
      ],
      [enrol('alice', 'seq-warm'), { outcome: 'not-enrolled', sequenceId: null, ownerId: null, territoryId: null, reasons: [{ code: 'tier-not-enrolled', message: 'tier cold is not enrolled in a sequence' }] }],
      { now, sla: { hotUntouchedMinutes: 60 } },
    );
    expect(rows).toEqual({
      leadIds: ['l1', 'l2'],
      tiers: ['warm', 'cold'],
      sequenceIds: ['seq-warm', null],
      ownerIds: ['alice', null],
      territoryIds: ['emea', null],
      outcomes: ['enrol', 'not-enrolled'],
      reasons: [
        '[{"code":"assigned","message":"territory emea; round-robin weight 3/6; 1/50 today"}]',
        '[{"code":"tier-not-enrolled","message":"tier cold is not enrolled in a sequence"}]',
      ],
      slaDueAts: [null, null],
    });
  });

  it('starts the SLA only for enrolled hot leads, due N minutes after routing', () => {
    const { rows, hotEnrolments } = toRouteRows(
      [
        { leadId: 'h1', tier: 'hot' },
        { leadId: 'h2', tier: 'hot' },
        { leadId: 'w1', tier: 'warm' },
      ],
      [enrol('bruno', 'seq-hot'), { outcome: 'skipped', sequenceId: 'seq-hot', ownerId: null, territoryId: 'emea', reasons: [] }, enrol('alice', 'seq-warm')],
      { now, sla: { hotUntouchedMinutes: 60 } },
    );
    expect(rows.slaDueAts).toEqual(['2025-01-06T10:00:00.000Z', null, null]);
    expect(hotEnrolments).toEqual([{ leadId: 'h1', ownerId: 'bruno' }]);
  });

  it('counts every outcome under a report key', () => {
    const held = (outcome: RouteDecision['outcome']): RouteDecision => ({ outcome, sequenceId: 's', ownerId: null, territoryId: null, reasons: [] });
    const leads = ['a', 'b', 'c', 'd', 'e'].map((leadId) => ({ leadId, tier: 'warm' as const }));
    const { counts } = toRouteRows(leads, [enrol('alice', 's'), held('blocked'), held('review'), held('skipped'), held('not-enrolled')], { now, sla: { hotUntouchedMinutes: 5 } });
    expect(counts).toEqual({ routed: 5, enrol: 1, notEnrolled: 1, blocked: 1, review: 1, skipped: 1 });
  });

  it('refuses decisions that do not line up with the leads', () => {
    expect(() => toRouteRows([{ leadId: 'a', tier: 'hot' }], [], { now, sla: { hotUntouchedMinutes: 5 } })).toThrow('0 decisions for 1 leads');
  });
});
