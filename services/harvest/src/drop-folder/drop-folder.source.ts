import { Inject, Injectable } from '@nestjs/common';
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HARVEST_CONFIG, type HarvestConfig } from '../harvest.config.js';
import { ImportJobsService } from '../imports/import-jobs.service.js';
import type { SourcePull } from '../sources/campaign-harvester.js';

export const CSV_FILE = /\.(csv|tsv|txt)$/i;

/** A campaign's drop folder: <HARVEST_DROP_DIR>/<campaignId>/. Each file becomes an import job with its own workflow. */
@Injectable()
export class DropFolderSource {
  constructor(
    private readonly imports: ImportJobsService,
    @Inject(HARVEST_CONFIG) private readonly config: HarvestConfig,
  ) {}

  folderOf(campaignId: string): string {
    return join(resolve(this.config.HARVEST_DROP_DIR), campaignId);
  }

  /**
   * Sweep: import every file waiting in the folder, oldest name first, and wait for each to finish (its
   * workflow may run on any harvest process; the job row says when it is done).
   */
  pull: SourcePull = async (campaignId, _settings, heartbeat) => {
    const dir = this.folderOf(campaignId);
    await mkdir(dir, { recursive: true });
    const files = (await readdir(dir, { withFileTypes: true })).filter((f) => f.isFile() && CSV_FILE.test(f.name)).map((f) => f.name).sort();
    const counts = { created: 0, merged: 0, rejected: 0 };
    for (const name of files) {
      const job = await this.imports.acceptDroppedFile(campaignId, join(dir, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null; // another replica (or the watcher) took it first
        throw err;
      });
      if (!job) continue;
      const timer = setInterval(() => heartbeat({ campaignId, source: 'drop-folder', importId: job.id }), 10_000);
      try {
        const done = await this.imports.whenFinished(job.id);
        counts.created += done.counts.created;
        counts.merged += done.counts.merged;
        counts.rejected += done.counts.rejected;
      } finally {
        clearInterval(timer);
      }
    }
    return counts;
  };
}
