import type { OnApplicationBootstrap, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SendStepInput, SendStepOutcome } from '#libs/contracts';
import type { Logger } from '#libs/logging';
import { LeadFactsClient } from '#libs/stage-clients';
import { ChaosCrash } from './chaos-crash.js';
import { SendgridGateway } from './sendgrid-gateway.js';
import type { SendingConfig } from './sending.config.js';
import { senderConfigOf, StepSender } from './step-sender.js';
import { TemplatePreview } from './template-preview.js';
import { TemplatePreviewController } from './template-preview.controller.js';
import { UnknownSendSweeper } from './unknown-send-sweeper.js';

/** Sending as the nurture module registers it: the sendStep activity's StepSender, previews, test sends, the sweep. */
export const sendingControllers: Array<Type<unknown>> = [TemplatePreviewController];

interface SendingPartsConfig extends SendingConfig {
  HARVEST_URL: string;
  INTERNAL_API_TOKEN?: string;
}

const SENDER_LEAD_FACTS = Symbol('SENDER_LEAD_FACTS');

/** Starts the unknown-send sweep with the app and stops it before the pool closes. */
class UnknownSendSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(readonly sweeper: UnknownSendSweeper) {}
  onApplicationBootstrap(): void {
    this.sweeper.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }
}

export function sendingProviders(ctx: { config: SendingPartsConfig; log: Logger }): Provider[] {
  const { config, log } = ctx;
  const senderConfig = senderConfigOf(config);
  return [
    { provide: SendgridGateway, useFactory: () => new SendgridGateway(config) },
    { provide: SENDER_LEAD_FACTS, useFactory: () => new LeadFactsClient(config.HARVEST_URL, config.INTERNAL_API_TOKEN) },
    {
      provide: StepSender,
      inject: [getDataSourceToken(), SENDER_LEAD_FACTS, SendgridGateway],
      useFactory: (db: DataSource, leads: LeadFactsClient, sendgrid: SendgridGateway) => new StepSender(db, leads, sendgrid, senderConfig, new ChaosCrash(config.NURTURE_CHAOS_CRASH_POINTS)),
    },
    {
      provide: TemplatePreview,
      inject: [getDataSourceToken(), SENDER_LEAD_FACTS, SendgridGateway],
      useFactory: (db: DataSource, leads: LeadFactsClient, sendgrid: SendgridGateway) => new TemplatePreview(db, leads, sendgrid, senderConfig),
    },
    {
      provide: UnknownSendSweep,
      inject: [getDataSourceToken(), SendgridGateway],
      useFactory: (db: DataSource, sendgrid: SendgridGateway) =>
        new UnknownSendSweep(
          new UnknownSendSweeper(db, sendgrid, {
            everySeconds: config.NURTURE_UNKNOWN_SWEEP_SECONDS,
            forHours: config.NURTURE_UNKNOWN_SWEEP_HOURS,
            onError: (err) => log.warn({ err: String(err) }, 'unknown-send sweep failed'),
          }),
        ),
    },
  ];
}

/** The `sendStep` activity. */
export function sendStepActivity(sender: StepSender): (input: SendStepInput) => Promise<SendStepOutcome> {
  return (input) => sender.send(input);
}
