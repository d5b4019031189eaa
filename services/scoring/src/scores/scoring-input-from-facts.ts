import { createHash } from 'node:crypto';
import type { LeadFacts } from '#libs/contracts';
import type { EngagementEvent, ScoreResult, ScoringInput } from '#libs/lead-scoring';

/** What scoring reads from a harvest lead, plus its engagement in this campaign. */
export function scoringInputFrom(facts: LeadFacts, engagement: readonly EngagementEvent[]): ScoringInput {
  return {
    industry: facts.industry,
    employeeCount: facts.employeeCount,
    revenueBand: facts.revenueBand,
    country: facts.country,
    title: facts.title,
    technologies: facts.technologies,
    notes: facts.notes,
    // Budget and timeline come from forms and replies in later stages; unknown for harvested leads today.
    budget: null,
    timeline: null,
    engagement,
  };
}

export interface StoredScoreRow {
  lead_id: string;
  score: number;
  tier: string;
  fit: number;
  intent: number;
  engagement: number;
  /** [ruleId, points, section]: enough to say what moved when a tier changes. */
  contributions: Array<[string, number, string]>;
  inputs: ScoreResult['inputs'];
  inputs_hash: string;
  rule_set_version: number;
}

/** The row a score is stored as: compact contributions; the reasons are recomputed from inputs on read. */
export function storedScoreRow(leadId: string, result: ScoreResult): StoredScoreRow {
  return {
    lead_id: leadId,
    score: result.score,
    tier: result.tier,
    fit: result.fit,
    intent: result.intent,
    engagement: result.engagement,
    contributions: result.contributions.map((c) => [c.ruleId, c.points, c.section]),
    inputs: result.inputs,
    inputs_hash: createHash('sha1').update(JSON.stringify(result.inputs)).digest('base64url'),
    rule_set_version: result.ruleSetVersion,
  };
}

/** A daily re-score writes only leads whose score, tier, rule set or inputs moved. */
export function scoreChanged(previous: Pick<StoredScoreRow, 'score' | 'tier' | 'rule_set_version' | 'inputs_hash'> | undefined, next: StoredScoreRow): boolean {
  return !previous || previous.score !== next.score || previous.tier !== next.tier || previous.rule_set_version !== next.rule_set_version || previous.inputs_hash !== next.inputs_hash;
}
