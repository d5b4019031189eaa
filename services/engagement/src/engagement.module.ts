import { Module, type Provider, type Type } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import { ENGAGEMENT_CONFIG, type EngagementConfig } from './engagement.config.js';
import { ENGAGEMENT_LOGGER } from './engagement-logger.js';

/**
 * The engagement service's root module; bootStageService adds its data source, health and metrics. Each part
 * (webhook/: the Event Webhook, inbound/: Inbound Parse, signaller/: the drain to workflows and services, http/: the
 * internal read routes) adds its controllers and providers here.
 */
@Module({})
export class EngagementModule {
  static readonly controllers: Array<Type<unknown>> = [];

  static providers({ config, log }: StageServiceContext<EngagementConfig>): Provider[] {
    return [{ provide: ENGAGEMENT_CONFIG, useValue: config }, { provide: ENGAGEMENT_LOGGER, useValue: log }];
  }
}
