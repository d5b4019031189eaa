import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';
export type ImportOrigin = 'upload' | 'drop-folder';

@Entity({ name: 'import_jobs' })
export class ImportJob {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'campaign_id', type: 'text' }) campaignId!: string;
  @Column({ type: 'text' }) origin!: ImportOrigin;
  @Column({ name: 'file_name', type: 'text' }) fileName!: string;
  @Column({ name: 'spool_path', type: 'text', nullable: true }) spoolPath!: string | null;
  @Column({ type: 'text' }) status!: ImportStatus;
  @Column({ type: 'int' }) total!: number;
  @Column({ type: 'int' }) imported!: number;
  @Column({ type: 'int' }) created!: number;
  @Column({ type: 'int' }) merged!: number;
  @Column({ type: 'int' }) rejected!: number;
  @Column({ name: 'bytes_read', type: 'bigint' }) bytesRead!: string;
  @Column({ name: 'bytes_total', type: 'bigint', nullable: true }) bytesTotal!: string | null;
  /** Last file line whose batch is committed; null for a job accepted before imports ran as workflows. */
  @Column({ name: 'committed_line', type: 'int', nullable: true }) committedLine!: number | null;
  /** How the file was read, once its header is: the detected text encoding and the columns no lead field takes. */
  @Column({ type: 'text', nullable: true }) encoding!: string | null;
  @Column({ name: 'ignored_columns', type: 'text', array: true, nullable: true }) ignoredColumns!: string[] | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ name: 'queued_at', type: 'timestamptz' }) queuedAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}

/** What the API shows for an import; never the entity itself. */
export function toImportJobView(job: ImportJob) {
  return {
    id: job.id,
    campaignId: job.campaignId,
    origin: job.origin,
    fileName: job.fileName,
    status: job.status,
    counts: { total: job.total, imported: job.imported, rejected: job.rejected, created: job.created, merged: job.merged },
    progress: { bytesRead: Number(job.bytesRead), bytesTotal: job.bytesTotal === null ? null : Number(job.bytesTotal) },
    encoding: job.encoding,
    ignoredColumns: job.ignoredColumns,
    error: job.error,
    queuedAt: job.queuedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
export type ImportJobView = ReturnType<typeof toImportJobView>;
