import type { Provider, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { StageServiceContext } from '#libs/service-runtime';
import { NurtureEngagementClient } from '#libs/stage-clients';
import type { EngagementConfig } from '../engagement.config.js';
import { LeadRepliesController } from '../http/replies.controller.js';
import { InboundParseController } from './inbound.controller.js';
import { sendgridNoticeSender } from './notice-sender.js';
import { OwnerNoticeEffect } from './owner-notice.effect.js';
import { ReplyIntake } from './reply-intake.js';

/** This part's controllers and providers, as the engagement module registers them. */
export const inboundControllers: Array<Type<unknown>> = [InboundParseController, LeadRepliesController];

/** OwnerNoticeEffect is provided here; the signaller lists it among INBOX_EFFECTS (last: it is the slowest). */
export function inboundProviders(ctx: StageServiceContext<EngagementConfig>): Provider[] {
  const { config } = ctx;
  return [
    {
      provide: ReplyIntake,
      inject: [getDataSourceToken()],
      useFactory: (db: DataSource) =>
        new ReplyIntake({
          db,
          nurture: new NurtureEngagementClient(config.NURTURE_URL, config.INTERNAL_API_TOKEN),
          options: { messageIdDomain: config.NURTURE_MESSAGE_ID_DOMAIN, defaultOutOfOfficeDays: config.ENGAGEMENT_OOO_DEFAULT_DAYS },
        }),
    },
    {
      provide: OwnerNoticeEffect,
      inject: [getDataSourceToken()],
      useFactory: (db: DataSource) => new OwnerNoticeEffect(db, sendgridNoticeSender(config), config.ENGAGEMENT_NOTICE_FROM),
    },
  ];
}
