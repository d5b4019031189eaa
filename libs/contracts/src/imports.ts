/**
 * Lead import: one `leadImport` workflow per spooled CSV file, its one activity hosted by the harvest service on
 * TaskQueue.harvest. The import job row in harvest's schema stays the record of counts and status; the workflow
 * makes sure the job runs to its end, whichever harvest process survives.
 */
import { defineWorkflow } from './workflow-ref.js';

export type LeadImportWorkflow = (input: LeadImportInput) => Promise<LeadImportReport>;
/** One import job's workflow; harvest starts it for an upload or a drop-folder file. */
export const leadImportWorkflow = defineWorkflow<LeadImportWorkflow>('leadImport');

/** Readable in the Web UI, and deterministic: starting the same job twice starts one workflow. */
export function leadImportWorkflowId(campaignId: string, jobId: string): string {
  return `import/${campaignId}/${jobId}`;
}

export interface LeadImportInput {
  jobId: string;
  campaignId: string;
  /** The operator's file name, for the Web UI; the job row holds the spool path. */
  fileName: string;
}

export interface LeadImportCounts {
  total: number;
  imported: number;
  rejected: number;
  created: number;
  merged: number;
}

export interface LeadImportReport {
  jobId: string;
  status: 'completed' | 'failed';
  counts: LeadImportCounts;
  error: string | null;
}

/** Heartbeat details of the import activity: progress for the Web UI. The job row's committed line is the truth. */
export interface LeadImportProgress {
  committedLine: number;
  counts: LeadImportCounts;
}

export interface ImportActivities {
  /**
   * Import the job's file from the last committed line to the end, then remove the spooled file. A file that
   * cannot be read as CSV ends the job as `failed` (a result, not an error). Safe to retry at any point.
   */
  importLeadFile(input: LeadImportInput): Promise<LeadImportReport>;
  /** The import could not finish (retries exhausted, or cancelled): mark the job failed and remove its file. */
  abandonLeadImport(input: LeadImportInput & { reason: string }): Promise<LeadImportReport>;
}
