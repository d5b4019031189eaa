import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '../../../libs/database/src/index.js';
import { validateScoringRuleSet } from '../../../libs/lead-scoring/src/index.js';
import { stageReadinessProvider } from '../../../libs/service-runtime/src/index.js';
import { HealthController, METRICS_REGISTRY } from '../../../libs/observability/src/index.js';
import { RULE_SET_STORE, RuleSetStore, ruleSetController } from '../../../libs/rule-set-store/src/index.js';
import { ScoresController } from './http/scores.controller.js';
import { SCORING_CONFIG, type ScoringConfig } from './scoring.config.js';
import { scoringEntities, scoringMigrations } from './scoring.schema.js';
import { CampaignScorer } from './scores/campaign-scorer.js';
import { LeadScoresRepository } from './scores/lead-scores.repository.js';

@Module({})
export class ScoringModule {
  static register(config: ScoringConfig, metrics: Registry, workerState: () => string): DynamicModule {
    return {
      module: ScoringModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions({ url: config.DATABASE_URL, schema: 'scoring', entities: scoringEntities, migrations: scoringMigrations, applicationName: 'scoring' })),
      ],
      controllers: [ruleSetController(), ScoresController, HealthController],
      providers: [
        { provide: SCORING_CONFIG, useValue: config },
        { provide: METRICS_REGISTRY, useValue: metrics },
        { provide: RULE_SET_STORE, inject: [getDataSourceToken()], useFactory: (db: DataSource) => new RuleSetStore(db, 'scoring', validateScoringRuleSet) },
        stageReadinessProvider(workerState),
        LeadScoresRepository,
        CampaignScorer,
      ],
    };
  }
}
