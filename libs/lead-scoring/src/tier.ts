/**
 * Tiers and tier changes. A lead's tier can fall as its engagement decays, or move when a new rule-set
 * version is activated; the change is recorded with a reason that names what moved it, so a rep who sees a
 * lead drop from hot to warm can read "engagement decayed: -12 (click -8, open -4)".
 */
import { TIERS, type Tier, type TierThresholds } from './rule-set.js';
import type { Contribution, ContributionSection } from './score.js';
import { round2, signedPoints } from './show.js';

export function tierFor(score: number, tiers: TierThresholds): Tier {
  if (score >= tiers.hot) return 'hot';
  if (score >= tiers.warm) return 'warm';
  if (score >= tiers.cool) return 'cool';
  return 'cold';
}

/** hot 3, warm 2, cool 1, cold 0. */
export function tierRank(tier: Tier): number {
  return TIERS.length - 1 - TIERS.indexOf(tier);
}

/** What tierChange reads from a score; a stored ScoreResult fits, and so does a bare { tier, score }. */
export interface ScoreSnapshot {
  tier: Tier;
  score: number;
  fit?: number;
  intent?: number;
  engagement?: number;
  contributions?: readonly Pick<Contribution, 'ruleId' | 'section' | 'points'>[];
  ruleSetVersion?: number;
}

export interface TierChange {
  /** null: the lead's first score. */
  from: Tier | null;
  to: Tier;
  reason: string;
}

const SECTIONS = ['fit', 'intent', 'engagement'] as const;
const DETAILS_PER_SECTION = 3;

/**
 * null when the tier is the same. Otherwise the reason lists, largest first, the sections that moved and
 * within each the contributions that moved most (when both scores carry contributions), then the rule-set
 * versions when they differ, then the score.
 */
export function tierChange(previous: ScoreSnapshot | null, next: ScoreSnapshot): TierChange | null {
  if (previous === null) {
    const parts = SECTIONS.filter((s) => next[s] !== undefined).map((s) => `${s} ${signedPoints(round2(next[s]!))}`);
    return { from: null, to: next.tier, reason: `first score ${next.score}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}` };
  }
  if (previous.tier === next.tier) return null;

  const parts: string[] = [];
  const moved = SECTIONS.map((section) => ({ section, delta: sectionDelta(previous, next, section) }))
    .filter((m): m is { section: (typeof SECTIONS)[number]; delta: number } => m.delta !== undefined && m.delta !== 0)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  for (const { section, delta } of moved) {
    const head = section === 'engagement' ? `engagement ${delta < 0 ? 'decayed' : 'rose'}: ${signedPoints(delta)}` : `${section} ${signedPoints(delta)}`;
    const details = contributionDeltas(previous, next, section);
    parts.push(details ? `${head} (${details})` : head);
  }
  if (previous.ruleSetVersion !== undefined && next.ruleSetVersion !== undefined && previous.ruleSetVersion !== next.ruleSetVersion) {
    parts.push(`rule set v${previous.ruleSetVersion} → v${next.ruleSetVersion}`);
  }
  parts.push(`score ${previous.score} → ${next.score}`);
  return { from: previous.tier, to: next.tier, reason: parts.join('; ') };
}

function sectionDelta(previous: ScoreSnapshot, next: ScoreSnapshot, section: (typeof SECTIONS)[number]): number | undefined {
  const [a, b] = [previous[section], next[section]];
  return a === undefined || b === undefined ? undefined : round2(b - a);
}

/** "click -8, open -4": the contributions of one section that changed most. */
function contributionDeltas(previous: ScoreSnapshot, next: ScoreSnapshot, section: ContributionSection): string | undefined {
  if (!previous.contributions || !next.contributions) return undefined;
  const deltas = new Map<string, number>();
  for (const c of previous.contributions) if (c.section === section) deltas.set(c.ruleId, (deltas.get(c.ruleId) ?? 0) - c.points);
  for (const c of next.contributions) if (c.section === section) deltas.set(c.ruleId, (deltas.get(c.ruleId) ?? 0) + c.points);
  const top = [...deltas]
    .map(([id, delta]) => [id, round2(delta)] as const)
    .filter(([, delta]) => delta !== 0)
    .sort(([ia, a], [ib, b]) => Math.abs(b) - Math.abs(a) || (ia < ib ? -1 : 1))
    .slice(0, DETAILS_PER_SECTION);
  if (top.length === 0) return undefined;
  return top.map(([id, delta]) => `${id.startsWith('engagement.') ? id.slice('engagement.'.length) : id} ${signedPoints(delta)}`).join(', ');
}
