import type { Provider, Type } from '@nestjs/common';
import type { StageServiceContext } from '#libs/service-runtime';
import type { EngagementConfig } from '../engagement.config.js';
import { EngagementReads } from './engagement-reads.js';
import { LeadEngagementController } from './lead-engagement.controller.js';
import { MailboxHealthController } from './mailbox-health.controller.js';
import { ParkedController } from './parked.controller.js';
import { MailboxHealthStore } from '../signaller/effects/mailbox-health-store.js';

/** This part's controllers and providers, as the engagement module registers them. */
export const readControllers: Array<Type<unknown>> = [LeadEngagementController, ParkedController, MailboxHealthController];

export function readProviders(_ctx: StageServiceContext<EngagementConfig>): Provider[] {
  return [EngagementReads, MailboxHealthStore];
}
