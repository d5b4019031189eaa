import { Module, type Provider, type Type } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import { ENGAGEMENT_CONFIG, type EngagementConfig } from './engagement.config.js';
import { ENGAGEMENT_LOGGER } from './engagement-logger.js';
import { readControllers, readProviders } from './http/read.parts.js';
import { inboundControllers, inboundProviders } from './inbound/inbound.parts.js';
import { signallerControllers, signallerProviders } from './signaller/signaller.parts.js';
import { webhookControllers, webhookProviders } from './webhook/webhook.parts.js';

/**
 * The engagement service's root module; bootStageService adds its data source, health and metrics. Each part
 * (webhook/: the Event Webhook, inbound/: Inbound Parse, signaller/: the drain to workflows and services, http/: the
 * internal read routes) adds its controllers and providers through its own parts file.
 */
@Module({})
export class EngagementModule {
  static readonly controllers: Array<Type<unknown>> = [...webhookControllers, ...inboundControllers, ...signallerControllers, ...readControllers];

  static providers(ctx: StageServiceContext<EngagementConfig>): Provider[] {
    return [
      { provide: ENGAGEMENT_CONFIG, useValue: ctx.config },
      { provide: ENGAGEMENT_LOGGER, useValue: ctx.log },
      ...webhookProviders(ctx),
      ...inboundProviders(ctx),
      ...signallerProviders(ctx),
      ...readProviders(ctx),
    ];
  }
}
