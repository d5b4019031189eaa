import { Module, type Provider, type Type } from '@nestjs/common';
import { EnrolledRoutesClient, LeadFactsClient, LeadTiersClient } from '#libs/stage-clients';
import type { StageServiceContext } from '#libs/service-runtime';
import { CampaignCapacity } from './admission/campaign-capacity.js';
import { EnrolmentAdmission } from './admission/enrolment-admission.js';
import { CampaignControls } from './controls/campaign-controls.js';
import { EnrolmentSignals } from './controls/enrolment-signals.js';
import { MailboxStore } from './definitions/mailbox-store.js';
import { SequenceStore } from './definitions/sequence-store.js';
import { SettingsStore } from './definitions/settings-store.js';
import { TemplateStore } from './definitions/template-store.js';
import { EnrolmentProgress } from './enrolments/enrolment-progress.js';
import { EnrolmentViews } from './enrolments/enrolment-views.js';
import { CampaignDefinitionsController, MailboxesController } from './http/definitions.controller.js';
import { EnrolmentsController } from './http/enrolments.controller.js';
import { engagementControllers, engagementProviders } from './engagement/engagement.parts.js';
import { NURTURE_CONFIG, type NurtureConfig } from './nurture.config.js';
import { NURTURE_LOGGER } from './nurture-logger.js';
import { StepPlanner } from './plans/step-planner.js';
import { suppressionControllers, suppressionProviders } from './suppressions/suppressions.parts.js';
import { sendingControllers, sendingProviders } from './sending/sending.parts.js';

/**
 * The nurture service's root module; bootStageService adds its data source, health and metrics. Each part of the
 * service (definitions, admission, controls, suppressions, sending) adds its controllers and providers here.
 */
@Module({})
export class NurtureModule {
  static readonly controllers: Array<Type<unknown>> = [CampaignDefinitionsController, MailboxesController, EnrolmentsController, ...suppressionControllers, ...sendingControllers, ...engagementControllers];

  static providers({ config, log }: StageServiceContext<NurtureConfig>): Provider[] {
    return [
      { provide: NURTURE_CONFIG, useValue: config },
      { provide: NURTURE_LOGGER, useValue: log },
      { provide: LeadFactsClient, useValue: new LeadFactsClient(config.HARVEST_URL, config.INTERNAL_API_TOKEN) },
      { provide: LeadTiersClient, useValue: new LeadTiersClient(config.SCORING_URL, config.INTERNAL_API_TOKEN) },
      { provide: EnrolledRoutesClient, useValue: new EnrolledRoutesClient(config.ROUTING_URL, config.INTERNAL_API_TOKEN) },
      SequenceStore,
      TemplateStore,
      MailboxStore,
      SettingsStore,
      CampaignCapacity,
      EnrolmentAdmission,
      EnrolmentViews,
      EnrolmentProgress,
      StepPlanner,
      EnrolmentSignals,
      CampaignControls,
      ...suppressionProviders({ config }),
      ...sendingProviders({ config, log }),
      ...engagementProviders,
    ];
  }
}
