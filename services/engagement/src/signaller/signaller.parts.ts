import type { OnApplicationBootstrap, OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { StageServiceContext } from '#libs/service-runtime';
import { NurtureEngagementClient } from '#libs/stage-clients';
import type { EngagementConfig } from '../engagement.config.js';
import { OwnerNoticeEffect } from '../inbound/owner-notice.effect.js';
import { INBOX_EFFECT_CLASSES, inboxEffectProviders } from './effects/effects.parts.js';
import { INBOX_EFFECTS, type InboxEffect } from './inbox-effect.js';
import { InboxQueue } from './inbox-queue.js';
import { InboxSignaller } from './inbox-signaller.js';
import { InboxStatsController } from './inbox-stats.controller.js';
import { SignallerMetrics } from './signaller-metrics.js';
import { WorkflowSignalEffect } from './workflow-signal.effect.js';

/** This part's controllers and providers, as the engagement module registers them. */
export const signallerControllers: Array<Type<unknown>> = [InboxStatsController];

/** A claimed row is another replica's again after this long (longer than a batch's slowest effects take). */
const LEASE_SECONDS = 120;

/** Starts the drain with the app and stops it (and its connections) before the pool closes. */
class SignallerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    readonly signaller: InboxSignaller,
    private readonly signal: WorkflowSignalEffect,
  ) {}
  onApplicationBootstrap(): void {
    this.signaller.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.signaller.stop();
    await this.signal.close();
  }
}

export function signallerProviders(ctx: StageServiceContext<EngagementConfig>): Provider[] {
  const { config, log, metrics } = ctx;
  return [
    { provide: InboxQueue, inject: [getDataSourceToken()], useFactory: (db: DataSource) => new InboxQueue(db) },
    { provide: SignallerMetrics, inject: [InboxQueue], useFactory: (inbox: InboxQueue) => new SignallerMetrics(metrics, () => inbox.oldestPendingAgeSeconds()) },
    {
      provide: WorkflowSignalEffect,
      inject: [InboxQueue, SignallerMetrics],
      useFactory: (inbox: InboxQueue, m: SignallerMetrics) =>
        new WorkflowSignalEffect({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, inbox, m, log, { defaultOutOfOfficeDays: config.ENGAGEMENT_OOO_DEFAULT_DAYS }),
    },
    ...inboxEffectProviders(ctx),
    // Signals first (a stop must win over anything slower), then the other effects in their own order.
    {
      provide: INBOX_EFFECTS,
      // The owner's notice of a reply last: it is the slowest and nothing waits on it.
      inject: [WorkflowSignalEffect, ...INBOX_EFFECT_CLASSES, OwnerNoticeEffect],
      useFactory: (...effects: InboxEffect[]) => effects,
    },
    {
      provide: SignallerLifecycle,
      inject: [InboxQueue, INBOX_EFFECTS, SignallerMetrics, WorkflowSignalEffect],
      useFactory: (inbox: InboxQueue, effects: InboxEffect[], m: SignallerMetrics, signal: WorkflowSignalEffect) =>
        new SignallerLifecycle(
          new InboxSignaller(inbox, new NurtureEngagementClient(config.NURTURE_URL, config.INTERNAL_API_TOKEN), effects, m, log, {
            databaseUrl: config.DATABASE_URL,
            batch: config.SIGNALLER_BATCH,
            concurrency: config.SIGNALLER_CONCURRENCY,
            pollMs: config.SIGNALLER_POLL_MS,
            retryMaxSeconds: config.SIGNALLER_RETRY_MAX_SECONDS,
            scannerSeconds: config.ENGAGEMENT_SCANNER_SECONDS,
            leaseSeconds: LEASE_SECONDS,
          }),
          signal,
        ),
    },
  ];
}
