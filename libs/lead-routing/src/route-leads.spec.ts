import { routeLeads, type LeadToRoute, type RouteDecision } from './route-leads.js';
import type { RoutingRuleSet } from './routing-rule-set.js';
import { emptyRoutingState } from './routing-state.js';

const DAY = '2025-01-06';
const NOW = Date.UTC(2025, 0, 6, 5, 0);
const ruleSet: RoutingRuleSet = {
  version: 2,
  sequences: { hot: 'seq-hot', warm: 'seq-warm', cool: 'seq-cool', cold: null },
  territories: [{ id: 'dach', match: { country: { in: ['DE', 'AT', 'CH'] } }, owners: ['A'] }],
  owners: [
    { id: 'A', weight: 2, dailyCapacity: 3, active: true },
    { id: 'B', weight: 1, dailyCapacity: 3, active: true },
  ],
  guardrails: { doNotContactStages: ['customer'], colleagueReplied: 'review', activeInOtherSequence: 'skip', perCampaignDailyCap: 5 },
  sla: { hotUntouchedMinutes: 30, action: 'escalate', escalateTo: 'mgr' },
};

const leads: LeadToRoute[] = [
  { tier: 'cold' },
  { tier: 'hot', stage: 'Customer' },
  { tier: 'warm', colleagueRepliedAt: NOW - 1000 },
  { tier: 'cool', activeInOtherSequence: 'partner-seq' },
  { tier: 'hot' },
  { tier: 'warm', country: 'DE' },
  { tier: 'hot' },
  { tier: 'hot' },
  { tier: 'hot', country: 'AT' },
  { tier: 'cool' },
  { tier: 'hot' },
];

const enrol = (sequenceId: string, ownerId: string, territoryId: string | null, message: string): RouteDecision => ({
  outcome: 'enrol',
  sequenceId,
  ownerId,
  territoryId,
  reasons: [{ code: 'assigned', message }],
});

describe('routeLeads', () => {
  const { decisions, state } = routeLeads(ruleSet, leads, undefined, { dayKey: DAY, now: NOW });

  it.each<[number, string, RouteDecision]>([
    [0, 'cold tier is not enrolled and takes no owner', { outcome: 'not-enrolled', sequenceId: null, ownerId: null, territoryId: null, reasons: [{ code: 'tier-not-enrolled', message: 'tier cold is not enrolled in a sequence' }] }],
    [1, 'do-not-contact stage is blocked', { outcome: 'blocked', sequenceId: 'seq-hot', ownerId: null, territoryId: null, reasons: [{ code: 'do-not-contact-stage', message: 'stage "Customer" is in the do-not-contact set' }] }],
    [2, 'colleague replied goes to review', { outcome: 'review', sequenceId: 'seq-warm', ownerId: null, territoryId: null, reasons: [{ code: 'colleague-replied', message: 'a colleague at the same account replied at 2025-01-06T04:59:59.000Z' }] }],
    [3, 'active elsewhere is skipped for now', { outcome: 'skipped', sequenceId: 'seq-cool', ownerId: null, territoryId: null, reasons: [{ code: 'active-in-other-sequence', message: 'already active in sequence partner-seq' }] }],
    [4, 'first enrolment: the held-back leads took no capacity', enrol('seq-hot', 'A', null, 'no territory matched, all owners; round-robin weight 2/3; 1/3 today')],
    [5, 'territory lead', enrol('seq-warm', 'A', 'dach', 'territory dach; round-robin weight 2/2; 2/3 today')],
    [6, 'all-owner rotation continues', enrol('seq-hot', 'B', null, 'no territory matched, all owners; round-robin weight 1/3; 1/3 today')],
    [7, 'A reaches capacity', enrol('seq-hot', 'A', null, 'no territory matched, all owners; round-robin weight 2/3; 3/3 today')],
    [8, 'territory owner full: skipped, waits for tomorrow', { outcome: 'skipped', sequenceId: 'seq-hot', ownerId: null, territoryId: 'dach', reasons: [{ code: 'owners-at-capacity', message: 'territory dach: all owners at capacity' }] }],
    [9, 'fifth enrolment', enrol('seq-cool', 'B', null, 'no territory matched, all owners; round-robin weight 1/1; 2/3 today')],
    [10, 'campaign cap reached', { outcome: 'skipped', sequenceId: 'seq-hot', ownerId: null, territoryId: null, reasons: [{ code: 'campaign-daily-cap', message: "the campaign's enrolments for today are used up (5/5)" }] }],
  ])('lead %i: %s', (index, _name, expected) => {
    expect(decisions[index]).toEqual(expected);
  });

  it('counts enrolments and assignments in the state', () => {
    expect(state).toMatchObject({ dayKey: DAY, campaignEnrolledToday: 5, assignedToday: { A: 3, B: 2 } });
  });

  it('a new business day resets the campaign cap and the owners’ counts', () => {
    const next = routeLeads(ruleSet, [{ tier: 'hot', country: 'DE' }], state, { dayKey: '2025-01-07', now: NOW + 86_400_000 });
    expect(next.decisions[0]).toMatchObject({ outcome: 'enrol', ownerId: 'A' });
    expect(next.state).toMatchObject({ campaignEnrolledToday: 1, assignedToday: { A: 1 } });
  });

  it.each([1, 2, 4])('pages of %i through JSON equal one pass', (pageSize) => {
    let stored = JSON.stringify(emptyRoutingState());
    const paged: RouteDecision[] = [];
    for (let start = 0; start < leads.length; start += pageSize) {
      const page = routeLeads(ruleSet, leads.slice(start, start + pageSize), JSON.parse(stored), { dayKey: DAY, now: NOW });
      paged.push(...page.decisions);
      stored = JSON.stringify(page.state);
    }
    expect(paged).toEqual(decisions);
    expect(JSON.parse(stored)).toEqual(state);
  });
});
