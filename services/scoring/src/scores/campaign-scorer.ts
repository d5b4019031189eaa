import { Inject, Injectable } from '@nestjs/common';
import type { CampaignStageInput, CampaignStageReport, LeadFacts, Tier } from '#libs/contracts';
import { DEFAULT_SCORING_RULE_SET, score, shadowReport, type CompiledRuleSet, type ScoringRuleSet, type TierChange } from '#libs/lead-scoring';
import { RULE_SET_STORE, type RuleSetStore } from '#libs/rule-set-store';
import { activeRuleSet, campaignStageReport, runPagedStage, type StageProgress } from '#libs/service-runtime';
import { LeadFactsClient } from '#libs/stage-clients';
import { SCORING_CONFIG, type ScoringConfig } from '../scoring.config.js';
import { CompiledRuleSets } from './compiled-rule-sets.js';
import { LeadScoresRepository } from './lead-scores.repository.js';
import { scoreMove } from './score-move.js';
import { scoringInputFrom, type StoredScoreRow } from './scoring-input-from-facts.js';

/** Scores a campaign's leads page by page with its active rule set; also the shadow report for a draft. */
@Injectable()
export class CampaignScorer {
  private readonly harvest: LeadFactsClient;

  constructor(
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(RULE_SET_STORE) private readonly store: RuleSetStore<ScoringRuleSet>,
    private readonly scores: LeadScoresRepository,
    private readonly compiledRuleSets: CompiledRuleSets,
  ) {
    this.harvest = new LeadFactsClient(config.HARVEST_URL, config.INTERNAL_API_TOKEN);
  }

  async scoreCampaign(input: CampaignStageInput, progress: StageProgress, nowMs = Date.now()): Promise<CampaignStageReport> {
    const ruleSet = await activeRuleSet(this.store, 'scoring', input.campaignId, DEFAULT_SCORING_RULE_SET);
    if (!ruleSet) return campaignStageReport(input.campaignId, null, ['no active scoring rule set: activate a version']);
    const compiled = this.compile(input.campaignId, ruleSet.version, ruleSet.ruleSet);
    const scoredAt = new Date(nowMs);
    const done = await runPagedStage<LeadFacts>({
      progress,
      fetchPage: (after) => this.harvest.page({ campaignId: input.campaignId, after, limit: this.config.SCORING_PAGE_SIZE }),
      processPage: (facts) => this.scorePage(input, compiled, ruleSet.version, facts, scoredAt),
    });
    return campaignStageReport(input.campaignId, done);
  }

  /** How tiers would move if `version` replaced what each lead's tier is today. */
  async shadow(campaignId: string, version: number, nowMs = Date.now()) {
    const draft = await this.store.get(campaignId, version);
    const compiled = this.compile(campaignId, version, draft.ruleSet);
    const active = await this.store.active(campaignId);
    const activeCompiled = active ? this.compile(campaignId, active.version, active.ruleSet) : null;
    const report = shadowReport();
    let after: string | null = null;
    do {
      const page = await this.harvest.page({ campaignId, after, limit: this.config.SCORING_PAGE_SIZE });
      const ids = page.items.map((f) => f.id);
      const [previous, engagement] = await Promise.all([this.scores.previousScores(campaignId, ids), this.scores.engagementOf(campaignId, ids)]);
      for (const facts of page.items) {
        const input = scoringInputFrom(facts, engagement.get(facts.id) ?? []);
        const current = (previous.get(facts.id)?.tier as Tier | undefined) ?? (activeCompiled ? score(activeCompiled, input, nowMs).tier : 'cold');
        report.add(current, score(compiled, input, nowMs).tier);
      }
      after = page.next;
    } while (after);
    return { campaignId, version, activeVersion: active?.version ?? null, ...report.report() };
  }

  /** A stored score with its full explanation, recomputed from its own inputs and rule-set version. */
  async explain(campaignId: string, leadId: string) {
    const row = await this.scores.scoreOf(campaignId, leadId);
    if (!row) return null;
    const stored = await this.store.get(campaignId, row.rule_set_version);
    const again = score(this.compile(campaignId, stored.version, stored.ruleSet), row.inputs, row.scored_at.getTime());
    return {
      campaignId,
      leadId,
      score: row.score,
      tier: row.tier,
      fit: row.fit,
      intent: row.intent,
      engagement: row.engagement,
      ruleSetVersion: row.rule_set_version,
      scoredAt: row.scored_at.toISOString(),
      runId: row.run_id,
      contributions: again.contributions,
      inputs: row.inputs,
      // Recomputing from the stored inputs and version gives the stored score: the explanation is the real one.
      reproduced: again.score === row.score && again.tier === row.tier,
      tierHistory: await this.scores.tierHistory(campaignId, leadId),
    };
  }

  private async scorePage(input: CampaignStageInput, compiled: CompiledRuleSet, version: number, facts: LeadFacts[], scoredAt: Date): Promise<Record<string, number>> {
    const ids = facts.map((f) => f.id);
    const [previous, engagement] = await Promise.all([this.scores.previousScores(input.campaignId, ids), this.scores.engagementOf(input.campaignId, ids)]);
    const counts: Record<string, number> = { hot: 0, warm: 0, cool: 0, cold: 0, changed: 0, tierChanges: 0 };
    const changedRows: StoredScoreRow[] = [];
    const changes: Array<{ leadId: string; change: TierChange; version: number }> = [];
    for (const lead of facts) {
      const result = score(compiled, scoringInputFrom(lead, engagement.get(lead.id) ?? []), scoredAt.getTime());
      counts[result.tier]!++;
      const move = scoreMove(lead.id, previous.get(lead.id), result);
      if (move.row) changedRows.push(move.row);
      if (move.change) changes.push({ leadId: lead.id, change: move.change, version });
    }
    const saved = await this.scores.savePage(input.campaignId, input.runId, scoredAt, changedRows, changes);
    counts.changed = saved.written;
    counts.tierChanges = saved.tierChanges;
    return counts;
  }

  private compile(campaignId: string, version: number, ruleSet: ScoringRuleSet): CompiledRuleSet {
    return this.compiledRuleSets.of(campaignId, version, ruleSet);
  }
}
