import { Inject, Injectable } from '@nestjs/common';
import type { CampaignHarvestReport, HarvestSourceKind, SourcePullReport } from '#libs/contracts';
import type { Logger } from '#libs/logging';
import {
  nextRetryDelay,
  planChain,
  recordFailure,
  recordSuccess,
  summariseChain,
  type BreakerPolicy,
} from '#libs/source-fallback';
import { HARVEST_CONFIG, type HarvestConfig } from '../harvest.config.js';
import { HARVEST_LOGGER } from '../harvest-logger.js';
import { DropFolderSource } from '../drop-folder/drop-folder.source.js';
import { PeopleSearchSource } from './people-search.source.js';
import { CampaignSourcesService } from './campaign-sources.service.js';

export interface PullCounts {
  created: number;
  merged: number;
  rejected: number;
}

export interface SourcePull {
  (campaignId: string, settings: Record<string, unknown>, heartbeat: (detail: unknown) => void): Promise<PullCounts & { budgetExhausted?: boolean }>;
}

/**
 * Runs a campaign's fallback chain: every enabled source is pulled in order within its retry budget, a source
 * whose circuit is open is skipped, and the campaign completes from whatever worked, reporting `degraded`
 * with the failing sources named.
 */
@Injectable()
export class CampaignHarvester {
  private readonly breakerPolicy: BreakerPolicy;

  constructor(
    private readonly sources: CampaignSourcesService,
    private readonly dropFolder: DropFolderSource,
    private readonly peopleSearch: PeopleSearchSource,
    @Inject(HARVEST_CONFIG) private readonly config: HarvestConfig,
    @Inject(HARVEST_LOGGER) private readonly log: Logger,
  ) {
    this.breakerPolicy = { failureThreshold: config.SOURCE_FAILURE_THRESHOLD, cooldownMs: config.SOURCE_COOLDOWN_MINUTES * 60_000 };
  }

  async harvest(campaignId: string, heartbeat: (detail: unknown) => void = () => undefined): Promise<CampaignHarvestReport> {
    const chain = await this.sources.chain(campaignId);
    const breakers = await this.sources.breakers(campaignId);
    const now = Date.now();
    const steps = planChain(
      chain.map((s) => ({ kind: s.source, enabled: s.enabled && this.available(s.source) })),
      breakers,
      now,
      this.breakerPolicy,
    );
    const reports: SourcePullReport[] = [];
    for (const step of steps) {
      const settings = chain.find((s) => s.source === step.kind)?.settings ?? {};
      if (step.action === 'skip-disabled') continue;
      if (step.action === 'skip-circuit-open') {
        reports.push({ source: step.kind, outcome: 'skipped-circuit-open', created: 0, merged: 0, rejected: 0, attempts: 0, error: `retry after ${new Date(step.retryAt ?? now).toISOString()}` });
        continue;
      }
      reports.push(await this.pullWithBudget(campaignId, step.kind, settings, step.breaker, heartbeat));
    }
    const summary = summariseChain(reports);
    const total = reports.reduce((t, r) => ({ created: t.created + r.created, merged: t.merged + r.merged, rejected: t.rejected + r.rejected }), { created: 0, merged: 0, rejected: 0 });
    this.log.info({ campaignId, status: summary.status, degraded: summary.degradedSources, ...total }, 'campaign harvested');
    return { campaignId, status: summary.status, ...total, sources: reports };
  }

  private available(kind: HarvestSourceKind): boolean {
    return kind === 'people-search' ? this.peopleSearch.configured() : true;
  }

  private async pullWithBudget(
    campaignId: string,
    kind: HarvestSourceKind,
    settings: Record<string, unknown>,
    breaker: Parameters<typeof recordSuccess>[0],
    heartbeat: (detail: unknown) => void,
  ): Promise<SourcePullReport> {
    const pull: SourcePull = kind === 'drop-folder' ? this.dropFolder.pull : this.peopleSearch.pull;
    // The people-search client already retries each request within its own budget; retrying the whole pull
    // on top would multiply requests during an outage.
    const maxAttempts = kind === 'people-search' ? 1 : this.config.SOURCE_MAX_ATTEMPTS;
    const policy = { maxAttempts, baseDelayMs: 1000, maxDelayMs: 30_000 };
    let lastError = '';
    for (let attempt = 1; ; attempt++) {
      try {
        heartbeat({ campaignId, source: kind, attempt });
        const counts = await pull(campaignId, settings, heartbeat);
        await this.sources.saveBreaker(campaignId, kind, recordSuccess(breaker), null);
        return { source: kind, outcome: counts.budgetExhausted && counts.created + counts.merged === 0 ? 'skipped-budget' : 'ok', created: counts.created, merged: counts.merged, rejected: counts.rejected, attempts: attempt };
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        this.log.warn({ campaignId, source: kind, attempt, error: lastError }, 'source pull failed');
        const delay = (err as { retryable?: boolean }).retryable === false ? null : nextRetryDelay(policy, attempt);
        if (delay === null) {
          await this.sources.saveBreaker(campaignId, kind, recordFailure(breaker, Date.now(), this.breakerPolicy), lastError);
          return { source: kind, outcome: 'failed', created: 0, merged: 0, rejected: 0, attempts: attempt, error: lastError };
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
