import type { LeadFacts } from '#libs/contracts';
import { DEFAULT_SCORING_RULE_SET, compileRuleSet, score, type EngagementEvent } from '#libs/lead-scoring';
import { scoreMove } from './score-move.js';
import { scoringInputFrom, storedScoreRow } from './scoring-input-from-facts.js';

// An engineer at a fitting company: cool (48) on fit alone, a couple of clicks away from warm (55).
const facts: LeadFacts = {
  id: '0190a0b0-0000-7000-8000-000000000002',
  email: 'eli@rocket.example',
  firstName: 'Eli',
  lastName: 'Stone',
  title: 'Engineer',
  company: 'Rocket',
  companyDomain: 'rocket.example',
  industry: 'Software',
  employeeCount: 250,
  revenueBand: null,
  country: 'US',
  region: null,
  timeZone: null,
  technologies: ['Salesforce'],
  notes: null,
  updatedAt: '2026-11-25T00:00:00.000Z',
};
const compiled = compileRuleSet(DEFAULT_SCORING_RULE_SET);
const now = Date.UTC(2026, 10, 25, 12);
const DAY = 86_400_000;
const scoredWith = (events: EngagementEvent[], at = now) => score(compiled, scoringInputFrom(facts, events), at);
const stored = (events: EngagementEvent[], at = now) => storedScoreRow(facts.id, scoredWith(events, at));

describe('a score moved by engagement', () => {
  it('records a tier change that names the engagement that raised it', () => {
    const before = stored([]);
    expect([before.score, before.tier]).toEqual([48, 'cool']);
    const move = scoreMove(facts.id, before, scoredWith([{ kind: 'click', at: now }, { kind: 'click', at: now }]));
    expect(move.row).toMatchObject({ score: 56, tier: 'warm' });
    expect(move.change).toEqual({ from: 'cool', to: 'warm', reason: 'engagement rose: +8 (click +8); score 48 → 56' });
  });

  it('writes a new score without a tier change when the tier stays', () => {
    const move = scoreMove(facts.id, stored([]), scoredWith([{ kind: 'open', at: now }]));
    expect(move.row).toMatchObject({ score: 49, tier: 'cool' });
    expect(move.change).toBeNull();
  });

  it('records the fall when the same clicks have decayed at a later run', () => {
    const clicks: EngagementEvent[] = [{ kind: 'click', at: now }, { kind: 'click', at: now }];
    const move = scoreMove(facts.id, stored(clicks), scoredWith(clicks, now + 30 * DAY));
    expect(move.row).toMatchObject({ score: 50, tier: 'cool' });
    expect(move.change?.from).toBe('warm');
    expect(move.change?.to).toBe('cool');
    expect(move.change?.reason).toMatch(/^engagement decayed: -6\.\d+ \(click -6\.\d+\); score 56 → 50$/);
  });

  it('never raises a score for machine opens or clicks', () => {
    const before = stored([]);
    const machine = scoredWith([
      { kind: 'open', at: now, machine: true },
      { kind: 'click', at: now, machine: true },
      { kind: 'click', at: now, machine: true },
    ]);
    expect([machine.score, machine.tier, machine.engagement]).toEqual([before.score, before.tier, 0]);
    expect(scoreMove(facts.id, before, machine).change).toBeNull();
  });

  it('is not a change for a first score, and writes nothing when nothing moved', () => {
    expect(scoreMove(facts.id, undefined, scoredWith([]))).toMatchObject({ row: { score: 48 }, change: null });
    expect(scoreMove(facts.id, stored([]), scoredWith([]))).toEqual({ row: null, change: null });
  });
});
