import { Module, type Provider } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import { ScoresController } from './http/scores.controller.js';
import { SCORING_CONFIG, type ScoringConfig } from './scoring.config.js';
import { CampaignScorer } from './scores/campaign-scorer.js';
import { CompiledRuleSets } from './scores/compiled-rule-sets.js';
import { EngagementRescorer } from './scores/engagement-rescorer.js';
import { LeadScoresRepository } from './scores/lead-scores.repository.js';

/** The scoring service's root module; bootStageService adds its data source, rule sets, health and metrics. */
@Module({})
export class ScoringModule {
  static readonly controllers = [ScoresController];

  static providers({ config }: StageServiceContext<ScoringConfig>): Provider[] {
    return [{ provide: SCORING_CONFIG, useValue: config }, LeadScoresRepository, CompiledRuleSets, CampaignScorer, EngagementRescorer];
  }
}
