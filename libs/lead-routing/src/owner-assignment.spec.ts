import { assignBatch, assignOwner, type OwnerAssignment } from './owner-assignment.js';
import type { Owner, RoutingRuleSet, Territory } from './routing-rule-set.js';
import { emptyRoutingState, type RoutingState } from './routing-state.js';
import type { RoutableLead } from './territory-match.js';

const DAY = '2025-01-06';
const NEXT_DAY = '2025-01-07';

function rules(owners: Owner[], territories: Territory[] = [], perOwnerDailyCap?: number): RoutingRuleSet {
  return {
    version: 1,
    sequences: { hot: 'h', warm: 'w', cool: 'c', cold: null },
    territories,
    owners,
    guardrails: { doNotContactStages: [], colleagueReplied: 'block', activeInOtherSequence: 'skip', ...(perOwnerDailyCap ? { perOwnerDailyCap } : {}) },
    sla: { hotUntouchedMinutes: 60, action: 'reassign' },
  };
}
const owner = (id: string, weight: number, dailyCapacity = 1_000_000, active = true): Owner => ({ id, weight, dailyCapacity, active });
const leads = (n: number, lead: RoutableLead = {}): RoutableLead[] => Array.from({ length: n }, () => lead);
const ownersOf = (assignments: OwnerAssignment[]) => assignments.map((a) => a.ownerId);
const tally = (assignments: OwnerAssignment[]) => {
  const counts: Record<string, number> = {};
  for (const a of assignments) counts[String(a.ownerId)] = (counts[String(a.ownerId)] ?? 0) + 1;
  return counts;
};
const abc = rules([owner('A', 3), owner('B', 2), owner('C', 1)]);

describe('smooth weighted round-robin', () => {
  it('deals weights 3/2/1 as A B A C B A, not A A A B B C', () => {
    expect(ownersOf(assignBatch(abc, leads(12), undefined, DAY).assignments)).toEqual(['A', 'B', 'A', 'C', 'B', 'A', 'A', 'B', 'A', 'C', 'B', 'A']);
  });

  it.each<[string, number[], number]>([
    ['3/2/1 over 6,000', [3, 2, 1], 6000],
    ['equal weights', [1, 1, 1, 1], 6000],
    ['7/3', [7, 3], 6000],
    ['100/1 (one rep is part-time)', [100, 1], 101 * 60],
    ['co-prime weights 5/3/2/1', [5, 3, 2, 1], 6600],
  ])('%s: counts match the weights exactly', (_name, weights, n) => {
    const ruleSet = rules(weights.map((w, i) => owner(`o${i}`, w)));
    const total = weights.reduce((s, w) => s + w, 0);
    const expected = Object.fromEntries(weights.map((w, i) => [`o${i}`, (n / total) * w]));
    expect(tally(assignBatch(ruleSet, leads(n), undefined, DAY).assignments)).toEqual(expected);
  });

  it('every whole cycle (sum of weights) is exact, not only the total', () => {
    const { assignments } = assignBatch(abc, leads(6000), undefined, DAY);
    for (let start = 0; start < 6000; start += 6) {
      expect(tally(assignments.slice(start, start + 6))).toEqual({ A: 3, B: 2, C: 1 });
    }
  });

  it('explains each choice: route, weight of the eligible total, and the day count against capacity', () => {
    const ruleSet = rules([owner('A', 3, 50), owner('B', 2, 40), owner('C', 1, 30)]);
    expect(assignBatch(ruleSet, leads(2), undefined, DAY).assignments).toEqual([
      { ownerId: 'A', territoryId: null, reason: 'no territory matched, all owners; round-robin weight 3/6; 1/50 today' },
      { ownerId: 'B', territoryId: null, reason: 'no territory matched, all owners; round-robin weight 2/6; 1/40 today' },
    ]);
  });

  it('skips inactive owners and leaves them out of the total weight', () => {
    const ruleSet = rules([owner('A', 3), owner('B', 2, 1_000_000, false), owner('C', 1)]);
    const { assignments } = assignBatch(ruleSet, leads(400), undefined, DAY);
    expect(tally(assignments)).toEqual({ A: 300, C: 100 });
    expect(assignments[0].reason).toBe('no territory matched, all owners; round-robin weight 3/4; 1/1000000 today');
  });
});

describe('daily capacity', () => {
  it('stops at capacity and then answers "all owners at capacity"', () => {
    const ruleSet = rules([owner('A', 3, 2), owner('B', 2, 1), owner('C', 1, 1)]);
    const { assignments, state } = assignBatch(ruleSet, leads(6), undefined, DAY);
    expect(ownersOf(assignments)).toEqual(['A', 'B', 'A', 'C', null, null]);
    // B is full after one lead, so the third pick is between A and C only (total weight 4).
    expect(assignments[2].reason).toBe('no territory matched, all owners; round-robin weight 3/4; 2/2 today');
    expect(assignments[3].reason).toBe('no territory matched, all owners; round-robin weight 1/1; 1/1 today');
    expect(assignments[4]).toEqual({ ownerId: null, territoryId: null, code: 'owners-at-capacity', reason: 'all owners at capacity' });
    expect(state.assignedToday).toEqual({ A: 2, B: 1, C: 1 });
  });

  it('an owner at capacity drops out and the others keep their ratio between themselves', () => {
    const ruleSet = rules([owner('A', 3, 30), owner('B', 2), owner('C', 1)]);
    const { assignments } = assignBatch(ruleSet, leads(3000), undefined, DAY);
    // A fills up at the end of the tenth 6-lead cycle; from there B and C share 2:1.
    expect(tally(assignments.slice(0, 60))).toEqual({ A: 30, B: 20, C: 10 });
    expect(tally(assignments.slice(60))).toEqual({ B: 1960, C: 980 });
  });

  it('guardrails.perOwnerDailyCap lowers every owner’s capacity', () => {
    const ruleSet = rules([owner('A', 1, 100), owner('B', 1, 1)], [], 2);
    const { assignments } = assignBatch(ruleSet, leads(4), undefined, DAY);
    expect(assignments.map((a) => a.reason)).toEqual([
      'no territory matched, all owners; round-robin weight 1/2; 1/2 today',
      'no territory matched, all owners; round-robin weight 1/2; 1/1 today',
      'no territory matched, all owners; round-robin weight 1/1; 2/2 today',
      'all owners at capacity',
    ]);
  });

  it('capacity 0 or all inactive: "no active owners" differs from "at capacity"', () => {
    expect(assignBatch(rules([owner('A', 1, 0)]), leads(1), undefined, DAY).assignments[0]).toEqual({
      ownerId: null,
      territoryId: null,
      code: 'owners-at-capacity',
      reason: 'all owners at capacity',
    });
    expect(assignBatch(rules([owner('A', 1, 5, false)]), leads(1), undefined, DAY).assignments[0]).toEqual({
      ownerId: null,
      territoryId: null,
      code: 'no-active-owners',
      reason: 'no active owners',
    });
  });

  it('a new business day starts the counts again but keeps the rotation where it was', () => {
    const ruleSet = rules([owner('A', 3, 2), owner('B', 2, 2), owner('C', 1, 2)]);
    const day1 = assignBatch(ruleSet, leads(4), undefined, DAY);
    expect(ownersOf(day1.assignments)).toEqual(['A', 'B', 'A', 'C']);
    const sameDay = assignBatch(ruleSet, leads(3), day1.state, DAY);
    expect(ownersOf(sameDay.assignments)).toEqual(['B', 'C', null]);
    const day2 = assignBatch(ruleSet, leads(3), sameDay.state, NEXT_DAY);
    expect(day2.state.dayKey).toBe(NEXT_DAY);
    // Credits carried over (A -3, B 1, C 2), so day 2 does not restart at A: a fresh rotation would deal A B A.
    expect(ownersOf(day2.assignments)).toEqual(['B', 'C', 'A']);
    expect(day2.assignments.map((a) => a.reason.split('; ').pop())).toEqual(['1/2 today', '1/2 today', '1/2 today']);
  });
});

describe('territories', () => {
  const emea: Territory = { id: 'emea', match: { country: { in: ['DE', 'FR'] } }, owners: ['A', 'B'] };
  const ruleSet = rules([owner('A', 3, 2), owner('B', 2, 1), owner('C', 1)], [emea]);

  it('a territory’s leads rotate among its owners only, weighted within the territory', () => {
    const { assignments } = assignBatch(ruleSet, leads(3, { country: 'DE' }), undefined, DAY);
    expect(assignments.slice(0, 2)).toEqual([
      { ownerId: 'A', territoryId: 'emea', reason: 'territory emea; round-robin weight 3/5; 1/2 today' },
      { ownerId: 'B', territoryId: 'emea', reason: 'territory emea; round-robin weight 2/5; 1/1 today' },
    ]);
  });

  it('hold (default): a full territory leaves the lead unassigned even when others are free', () => {
    const { assignments } = assignBatch(ruleSet, leads(4, { country: 'FR' }), undefined, DAY);
    expect(ownersOf(assignments)).toEqual(['A', 'B', 'A', null]);
    expect(assignments[3]).toEqual({ ownerId: null, territoryId: 'emea', code: 'owners-at-capacity', reason: 'territory emea: all owners at capacity' });
  });

  it('anyOwner: a full territory overflows to the rotation of all owners', () => {
    const overflowing = rules(ruleSet.owners, [{ ...emea, overflow: 'anyOwner' }]);
    const { assignments } = assignBatch(overflowing, leads(5, { country: 'DE' }), undefined, DAY);
    expect(ownersOf(assignments)).toEqual(['A', 'B', 'A', 'C', 'C']);
    expect(assignments[3]).toEqual({
      ownerId: 'C',
      territoryId: 'emea',
      reason: 'territory emea has no free owner, overflow to all owners; round-robin weight 1/1; 1/1000000 today',
    });
  });

  it('territory and all-owner rotations are separate; day counts are shared', () => {
    const { assignments, state } = assignBatch(ruleSet, [{ country: 'DE' }, {}, {}, {}], undefined, DAY);
    // The all-owner rotation starts fresh (A first) although A already had a territory lead.
    expect(ownersOf(assignments)).toEqual(['A', 'A', 'B', 'C']);
    expect(state.assignedToday).toEqual({ A: 2, B: 1, C: 1 });
    expect(Object.keys(state.rotation.territories)).toEqual(['emea']);
  });

  it('a territory whose owners are all inactive says so', () => {
    const idle = rules([owner('A', 1, 5, false), owner('C', 1)], [{ id: 'emea', match: { country: { in: ['DE'] } }, owners: ['A'] }]);
    expect(assignBatch(idle, [{ country: 'DE' }], undefined, DAY).assignments[0]).toEqual({
      ownerId: null,
      territoryId: 'emea',
      code: 'no-active-owners',
      reason: 'territory emea: no active owners',
    });
  });
});

describe('resumable state', () => {
  // A mixed run that crosses territory overflow and capacity exhaustion on the way.
  const ruleSet = rules(
    [owner('A', 3, 120), owner('B', 2, 90), owner('C', 1, 400), owner('D', 5, 60, false), owner('E', 4, 150)],
    [
      { id: 'emea', match: { country: { in: ['DE', 'FR'] } }, owners: ['A', 'B', 'D'], overflow: 'anyOwner' },
      { id: 'us-smb', match: { country: { in: ['US'] }, employeeCount: { lte: 200 } }, owners: ['C', 'E'] },
    ],
  );
  const countries = ['DE', 'US', 'JP', 'FR', 'US', 'BR', 'DE'];
  const mixed: RoutableLead[] = Array.from({ length: 1000 }, (_, i) => ({ country: countries[i % 7], employeeCount: (i * 37) % 400 }));
  const onePass = assignBatch(ruleSet, mixed, undefined, DAY);

  it('the run reaches capacity, so resuming has something to remember', () => {
    expect(onePass.assignments.filter((a) => a.ownerId === null).length).toBeGreaterThan(0);
    expect(tally(onePass.assignments).D).toBeUndefined();
  });

  it.each([1, 7, 100, 333, 999])('pages of %i, state stored as JSON in between, equal one pass', (pageSize) => {
    let stored = JSON.stringify(emptyRoutingState());
    const assignments: OwnerAssignment[] = [];
    for (let start = 0; start < mixed.length; start += pageSize) {
      // A restarted worker loads both the rule set and the state from storage: fresh objects each page.
      const page = assignBatch(JSON.parse(JSON.stringify(ruleSet)), mixed.slice(start, start + pageSize), JSON.parse(stored), DAY);
      assignments.push(...page.assignments);
      stored = JSON.stringify(page.state);
    }
    expect(assignments).toEqual(onePass.assignments);
    expect(JSON.parse(stored)).toEqual(onePass.state);
  });

  it('assignOwner lead by lead equals assignBatch', () => {
    let state: RoutingState | undefined;
    const one: OwnerAssignment[] = [];
    for (const lead of mixed.slice(0, 200)) {
      const r = assignOwner(ruleSet, lead, state, DAY);
      one.push(r.assignment);
      state = r.state;
    }
    expect(one).toEqual(assignBatch(ruleSet, mixed.slice(0, 200), undefined, DAY).assignments);
  });

  it('never changes the state it is given', () => {
    const before = JSON.parse(JSON.stringify(onePass.state));
    assignBatch(ruleSet, mixed, Object.freeze(onePass.state), DAY);
    expect(onePass.state).toEqual(before);
  });

  it('reads junk in stored state as zero instead of trusting it', () => {
    const junk = JSON.parse(
      '{"dayKey":"2025-01-06","assignedToday":{"A":"5","B":-3,"C":1.5,"__proto__":{"A":9}},"campaignEnrolledToday":"x",' +
        '"rotation":{"all":{"A":null},"territories":{"emea":[1,2],"nowhere":{"A":4}}}}',
    );
    expect(assignBatch(ruleSet, mixed, junk, DAY)).toEqual(assignBatch(ruleSet, mixed, undefined, DAY));
    expect(assignBatch(ruleSet, mixed, {} as RoutingState, DAY)).toEqual(onePass);
  });

  it('a changed rule set keeps the credits of the owners still in it and drops the rest', () => {
    const { state } = assignBatch(abc, leads(2), undefined, DAY);
    expect(state.rotation.all).toEqual({ B: -2, C: 2 });
    // C leaves, F joins with no credit: A 0+3, B -2+2, F 0+1 → A, who pays back 6.
    const next = assignBatch(rules([owner('A', 3), owner('B', 2), owner('F', 1)]), leads(1), state, DAY);
    expect(next.assignments[0].ownerId).toBe('A');
    expect(next.state.rotation.all).toEqual({ A: -3, F: 1 });
    expect(next.state.assignedToday).toEqual({ A: 2, B: 1 });
  });

  it('refuses a missing day key', () => {
    expect(() => assignBatch(abc, leads(1), undefined, '')).toThrow(TypeError);
  });
});
