import { slaDecision, slaDueAt, type SlaDecision, type SlaInput } from './hot-lead-sla.js';
import type { HotLeadSla, RoutingRuleSet } from './routing-rule-set.js';
import type { RoutingState } from './routing-state.js';

const DAY = '2025-01-06';
const T0 = Date.UTC(2025, 0, 6, 9, 0);
const MIN = 60_000;
const DUE = T0 + 60 * MIN;

const ruleSet: RoutingRuleSet = {
  version: 3,
  sequences: { hot: 'h', warm: 'w', cool: 'c', cold: null },
  territories: [{ id: 'emea', match: { country: { in: ['DE'] } }, owners: ['A', 'B'] }],
  owners: ['A', 'B', 'C'].map((id) => ({ id, weight: 1, dailyCapacity: 10, active: true })),
  guardrails: { doNotContactStages: [], colleagueReplied: 'block', activeInOtherSequence: 'skip' },
  sla: { hotUntouchedMinutes: 60, action: 'reassign', escalateTo: 'mgr' },
};
const escalate: HotLeadSla = { hotUntouchedMinutes: 60, action: 'escalate', escalateTo: 'mgr' };
const input = (over: Partial<SlaInput>): SlaInput => ({ tier: 'hot', routedAt: T0, now: T0, currentOwner: 'A', ruleSet, state: undefined, dayKey: DAY, ...over });

describe('slaDueAt', () => {
  it('is routedAt plus the SLA minutes', () => {
    expect(slaDueAt(T0, { hotUntouchedMinutes: 60 })).toBe(DUE);
    expect(slaDueAt(T0, { hotUntouchedMinutes: 1 })).toBe(T0 + MIN);
  });

  it('refuses a routedAt that is not a time', () => {
    expect(() => slaDueAt(Number.NaN, { hotUntouchedMinutes: 60 })).toThrow(TypeError);
  });
});

describe('slaDecision: when to act', () => {
  it.each<[string, Partial<SlaInput>, SlaDecision]>([
    ['warm leads have no SLA', { tier: 'warm', now: DUE + 600 * MIN }, { action: 'none' }],
    ['cold leads have no SLA', { tier: 'cold', now: DUE }, { action: 'none' }],
    ['touched after routing: met', { touchedAt: T0 + 5 * MIN, now: DUE + MIN }, { action: 'none' }],
    ['touched at the routing instant: met', { touchedAt: T0, now: DUE }, { action: 'none' }],
    ['touched late but before the check: nothing left to escalate', { touchedAt: DUE + MIN, now: DUE + 2 * MIN }, { action: 'none' }],
    ['a touch before routing (previous owner) does not count', { touchedAt: T0 - 1, now: T0 + MIN }, { action: 'wait', dueAt: DUE }],
    ['just routed: wait for the due time', { now: T0 }, { action: 'wait', dueAt: DUE }],
    ['1 ms before due: still wait', { now: DUE - 1 }, { action: 'wait', dueAt: DUE }],
    ['exactly at due: breach', { now: DUE }, { action: 'escalate', to: 'mgr', reason: 'hot lead untouched 60 min after routing (SLA 60 min); owner A' }],
    ['late timer: minutes reported as elapsed', { now: DUE + 90_000 }, { action: 'escalate', to: 'mgr', reason: 'hot lead untouched 61 min after routing (SLA 60 min); owner A' }],
    ['null touchedAt is untouched', { touchedAt: null, now: DUE }, { action: 'escalate', to: 'mgr', reason: 'hot lead untouched 60 min after routing (SLA 60 min); owner A' }],
    [
      'escalate without escalateTo (not possible after validation) does nothing, and says why',
      { now: DUE, sla: { hotUntouchedMinutes: 60, action: 'escalate' } },
      { action: 'none', reason: 'hot lead untouched 60 min after routing (SLA 60 min); owner A; no escalateTo set' },
    ],
  ])('%s', (_name, over, expected) => {
    expect(slaDecision(input({ sla: escalate, ...over }))).toEqual(expected);
  });

  it('uses the rule set’s SLA when none is pinned', () => {
    expect(slaDecision(input({ ruleSet: { ...ruleSet, sla: { hotUntouchedMinutes: 5, action: 'escalate', escalateTo: 'boss' } }, now: T0 + 5 * MIN }))).toEqual({
      action: 'escalate',
      to: 'boss',
      reason: 'hot lead untouched 5 min after routing (SLA 5 min); owner A',
    });
  });
});

describe('slaDecision: reassign', () => {
  it('moves the lead to the next owner by the round-robin and counts it', () => {
    expect(slaDecision(input({ now: DUE }))).toEqual({
      action: 'reassign',
      to: 'B',
      reason: 'hot lead untouched 60 min after routing (SLA 60 min); owner A; reassigned: no territory matched, all owners; round-robin weight 1/2; 1/10 today',
      state: { dayKey: DAY, assignedToday: { B: 1 }, campaignEnrolledToday: 0, rotation: { all: { B: -1, C: 1 }, territories: { emea: {} } } },
    });
  });

  it('never hands the lead back to its current owner, breach after breach', () => {
    let state: RoutingState | undefined;
    let current = 'A';
    const seen: string[] = [];
    for (let i = 0; i < 24; i++) {
      const d = slaDecision(input({ now: DUE, currentOwner: current, state }));
      if (d.action !== 'reassign') throw new Error(`expected a reassign, got ${d.action}`);
      expect(d.to).not.toBe(current);
      seen.push(d.to);
      current = d.to;
      state = d.state;
    }
    expect(new Set(seen)).toEqual(new Set(['A', 'B', 'C']));
  });

  it('stays inside the original territory', () => {
    const d = slaDecision(input({ now: DUE, currentOwner: 'B', territoryId: 'emea' }));
    expect(d).toMatchObject({ action: 'reassign', to: 'A' });
    expect(d.action === 'reassign' && d.reason).toContain('reassigned: territory emea; round-robin weight 1/1; 1/10 today');
  });

  it('skips an owner at capacity', () => {
    const full: RoutingState = { dayKey: DAY, assignedToday: { B: 10 }, campaignEnrolledToday: 0, rotation: { all: {}, territories: {} } };
    expect(slaDecision(input({ now: DUE, state: full }))).toMatchObject({ action: 'reassign', to: 'C' });
  });

  it('nobody else free in the territory: escalates to escalateTo instead', () => {
    const full: RoutingState = { dayKey: DAY, assignedToday: { B: 10 }, campaignEnrolledToday: 0, rotation: { all: {}, territories: {} } };
    expect(slaDecision(input({ now: DUE, state: full, territoryId: 'emea' }))).toEqual({
      action: 'escalate',
      to: 'mgr',
      reason: 'hot lead untouched 60 min after routing (SLA 60 min); owner A; no other owner to reassign to (territory emea: all owners at capacity)',
    });
  });

  it('nobody else free and no escalateTo: does nothing, and says why', () => {
    const alone: RoutingRuleSet = { ...ruleSet, owners: [{ id: 'A', weight: 1, dailyCapacity: 10, active: true }], territories: [], sla: { hotUntouchedMinutes: 60, action: 'reassign' } };
    expect(slaDecision(input({ now: DUE, ruleSet: alone }))).toEqual({
      action: 'none',
      reason: 'hot lead untouched 60 min after routing (SLA 60 min); owner A; no other owner to reassign to (no active owners)',
    });
  });

  it('a territory that no longer exists (rule set changed) falls back to all owners', () => {
    expect(slaDecision(input({ now: DUE, currentOwner: 'B', territoryId: 'gone' }))).toMatchObject({ action: 'reassign', to: 'A' });
  });
});
