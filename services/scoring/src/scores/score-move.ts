import type { Tier } from '#libs/contracts';
import { tierChange, type ScoreResult, type ScoreSnapshot, type TierChange } from '#libs/lead-scoring';
import type { PreviousScore } from './lead-scores.repository.js';
import { scoreChanged, storedScoreRow, type StoredScoreRow } from './scoring-input-from-facts.js';

/** A stored score as tierChange reads it, contributions included, so a reason can name what moved. */
export function snapshotOf(stored: PreviousScore): ScoreSnapshot {
  return {
    tier: stored.tier as Tier,
    score: stored.score,
    fit: stored.fit,
    intent: stored.intent,
    engagement: stored.engagement,
    ruleSetVersion: stored.rule_set_version,
    contributions: stored.contributions.map(([ruleId, points, section]) => ({ ruleId, points, section: section as never })),
  };
}

export interface ScoreMove {
  /** The row to write, or null when nothing it stores moved. */
  row: StoredScoreRow | null;
  /** The tier change to record, or null: same tier, or a first score (its row already says the tier and why). */
  change: TierChange | null;
}

/** What a new score changes against the stored one: the same rule for the daily run and for an engagement event. */
export function scoreMove(leadId: string, before: PreviousScore | undefined, result: ScoreResult): ScoreMove {
  const row = storedScoreRow(leadId, result);
  if (!scoreChanged(before, row)) return { row: null, change: null };
  const change = tierChange(before ? snapshotOf(before) : null, result);
  return { row, change: change && change.from !== null ? change : null };
}
