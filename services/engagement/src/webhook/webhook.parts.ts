import type { Provider, Type } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import type { EngagementConfig } from '../engagement.config.js';
import { InboxWriter } from '../inbox/inbox-writer.js';
import { EventWebhookController } from './event-webhook.controller.js';
import { EventSignatureVerifier } from './event-signature.js';
import { WebhookMetrics } from './webhook-metrics.js';

/** This part's controllers and providers, as the engagement module registers them. */
export const webhookControllers: Array<Type<unknown>> = [EventWebhookController];

export function webhookProviders(ctx: StageServiceContext<EngagementConfig>): Provider[] {
  if (!ctx.config.SENDGRID_WEBHOOK_PUBLIC_KEY) ctx.log.warn('engagement: SENDGRID_WEBHOOK_PUBLIC_KEY is not set, so the Event Webhook refuses every post (503)');
  return [{ provide: EventSignatureVerifier, useValue: new EventSignatureVerifier(ctx.config.SENDGRID_WEBHOOK_PUBLIC_KEY) }, InboxWriter, WebhookMetrics];
}
