import 'reflect-metadata';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';
import { bootStageService } from '#libs/service-runtime';
import { readEngagementConfig } from './engagement.config.js';
import { engagementStatusByCode } from './engagement-errors.js';
import { EngagementModule } from './engagement.module.js';
import { engagementEntities, engagementMigrations } from './engagement.schema.js';
import { eventWebhookBodyParser } from './webhook/event-body.js';

/**
 * The engagement service: SendGrid's Event Webhook and Inbound Parse replies into its inbox, drained after commit
 * to each lead's workflow, the suppression list, scoring and routing. No activities and no task queue: it only
 * signals, and it stays ready while Temporal is down (the inbox keeps what arrives).
 */
bootStageService({
  stage: { name: 'engagement' },
  config: () => readEngagementConfig(),
  http: (config) => ({ port: config.ENGAGEMENT_PORT, host: config.ENGAGEMENT_HOST }),
  tables: { entities: engagementEntities, migrations: engagementMigrations },
  module: EngagementModule,
  statusByCode: engagementStatusByCode,
  ownCredentialPaths: [ENGAGEMENT_WEBHOOK_PATHS.events, ENGAGEMENT_WEBHOOK_PATHS.inbound],
  // The Event Webhook's signature covers the raw bytes: its body is read before the shared 1 MB JSON parser.
  routeBodyParsers: eventWebhookBodyParser,
});
