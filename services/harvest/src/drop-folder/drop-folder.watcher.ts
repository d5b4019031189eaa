import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { watch, type FSWatcher } from 'chokidar';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { isCampaignId } from '#libs/contracts';
import type { Logger } from '#libs/logging';
import { HARVEST_CONFIG, type HarvestConfig } from '../harvest.config.js';
import { HARVEST_LOGGER } from '../harvest-logger.js';
import { ImportJobsService } from '../imports/import-jobs.service.js';
import { CSV_FILE } from './drop-folder.source.js';

/**
 * Imports files the moment they land in a campaign's drop folder. Files already there at boot are left for the
 * daily pipeline's sweep, so a restart never imports behind the pipeline's back.
 */
@Injectable()
export class DropFolderWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private watcher?: FSWatcher;

  constructor(
    private readonly imports: ImportJobsService,
    @Inject(HARVEST_CONFIG) private readonly config: HarvestConfig,
    @Inject(HARVEST_LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.HARVEST_WATCH_DROP_DIR) return;
    const root = resolve(this.config.HARVEST_DROP_DIR);
    await mkdir(root, { recursive: true });
    this.watcher = watch(root, {
      ignoreInitial: true,
      depth: 1,
      // A file still being copied in must not be imported half-written.
      awaitWriteFinish: { stabilityThreshold: 1000, pollInterval: 200 },
    });
    this.watcher.on('add', (path) => void this.onFile(root, path));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.watcher?.close();
  }

  private async onFile(root: string, path: string) {
    const rel = relative(root, path).split(sep);
    if (rel.length !== 2 || !CSV_FILE.test(basename(path))) return;
    const campaignId = basename(dirname(path));
    if (!isCampaignId(campaignId)) {
      this.log.warn({ folder: campaignId }, 'drop folder name is not a campaign id; file left in place');
      return;
    }
    try {
      const job = await this.imports.acceptDroppedFile(campaignId, path);
      this.log.info({ campaignId, importId: job.id, file: basename(path) }, 'dropped file queued');
    } catch (err) {
      // The sweep may have taken it first; that is fine.
      this.log.debug({ campaignId, file: basename(path), err: String(err) }, 'dropped file not queued');
    }
  }
}
