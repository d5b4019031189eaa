import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '#libs/logging';
import { validateLeadRecord } from '#libs/lead-intake';
import { HARVEST_CONFIG, type HarvestConfig } from '../harvest.config.js';
import { HARVEST_LOGGER } from '../harvest-logger.js';
import { PeopleSearchClient } from '../people-search/people-search.client.js';
import type { PeopleSearchFilter } from '../people-search/people-search.types.js';
import type { SourcePull } from './campaign-harvester.js';
import { CampaignSourcesService } from './campaign-sources.service.js';
import { LeadBatchWriter } from '../leads/lead-batch-writer.js';
import { withPgClient } from '../leads/pg-client.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/** Pulls new people from the Apollo-style search configured by PEOPLE_SEARCH_BASE_URL / _API_KEY. */
@Injectable()
export class PeopleSearchSource {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sources: CampaignSourcesService,
    @Inject(HARVEST_CONFIG) private readonly config: HarvestConfig,
    @Inject(HARVEST_LOGGER) private readonly log: Logger,
  ) {}

  configured(): boolean {
    return Boolean(this.config.PEOPLE_SEARCH_BASE_URL && this.config.PEOPLE_SEARCH_API_KEY);
  }

  pull: SourcePull = async (campaignId, settings, heartbeat) => {
    const client = new PeopleSearchClient({
      baseUrl: this.config.PEOPLE_SEARCH_BASE_URL!,
      apiKey: this.config.PEOPLE_SEARCH_API_KEY!,
      retry: { maxAttempts: this.config.SOURCE_MAX_ATTEMPTS, baseDelayMs: 1000, maxDelayMs: 60_000 },
      budget: { perMinute: this.config.PEOPLE_SEARCH_PER_MINUTE, perDay: this.config.PEOPLE_SEARCH_PER_DAY },
      loadUsage: () => this.sources.usage('people-search'),
      saveUsage: (usage) => this.sources.saveUsage('people-search', usage),
      now: () => Date.now(),
      random: Math.random,
    });
    const filter = (settings.filter ?? {}) as PeopleSearchFilter;
    const maxPages = typeof settings.maxPages === 'number' ? settings.maxPages : this.config.PEOPLE_SEARCH_MAX_PAGES;
    const counts = { created: 0, merged: 0, rejected: 0, budgetExhausted: false };
    const pages = client.searchPeople(filter, { maxPages });
    await withPgClient(this.db, async (pg) => {
      // The request budget belongs to the API key and is read then written per request; holding this lock
      // for the pull keeps replicas from spending it twice.
      await pg.query(`SELECT pg_advisory_lock(hashtext('aicmo:people-search-budget'))`);
      try {
        await this.pullPages(pg, pages, campaignId, heartbeat, counts);
      } finally {
        await pg.query(`SELECT pg_advisory_unlock(hashtext('aicmo:people-search-budget'))`);
      }
    });
    this.log.info({ campaignId, ...counts }, 'people search pulled');
    return counts;
  };

  private async pullPages(
    pg: PoolClient,
    pages: ReturnType<PeopleSearchClient['searchPeople']>,
    campaignId: string,
    heartbeat: (detail: unknown) => void,
    counts: { created: number; merged: number; rejected: number; budgetExhausted: boolean },
  ) {
    const writer = new LeadBatchWriter(pg);
    for (;;) {
      const next = await pages.next();
      if (next.done) {
        counts.budgetExhausted = next.value.stoppedBy === 'per-day budget';
        break;
      }
      const page = next.value;
      heartbeat({ campaignId, source: 'people-search', page: page.page, of: page.totalPages });
      const valid = [];
      for (const person of page.leads) {
        const checked = validateLeadRecord({ ...person });
        if (checked.ok) valid.push({ lead: checked.lead });
        else counts.rejected++;
      }
      counts.rejected += page.skippedNoEmail;
      const result = await writer.write(valid, { source: 'people-search', campaignId, seenAt: new Date(), sourceRef: `page ${page.page}` });
      counts.created += result.created;
      counts.merged += result.merged;
    }
  }
}
