import { Context } from '@temporalio/activity';
import type { ImportActivities, LeadImportProgress } from '#libs/contracts';
import type { LeadFileImporter } from '../imports/lead-file-importer.js';

/** How often a running import tells Temporal it is alive; well inside the workflow's 30 s heartbeat timeout. */
const HEARTBEAT_MS = 5_000;

/** The `leadImport` workflow's activities, hosted on harvest's task queue. */
export function createImportActivities(importer: LeadFileImporter): ImportActivities {
  return {
    async importLeadFile(input) {
      const ctx = Context.current();
      // Heartbeats prove the process is alive (a killed one is retried within the timeout) and deliver a
      // cancel; the details are a progress hint for the Web UI, the job row holds the position.
      let latest: LeadImportProgress | undefined = ctx.info.heartbeatDetails as LeadImportProgress | undefined;
      const beat = setInterval(() => ctx.heartbeat(latest), HEARTBEAT_MS);
      try {
        return await importer.importFile(input, (p) => (latest = p), ctx.cancellationSignal);
      } catch (err) {
        // Stopped between batches by a cancel (or a worker shutdown): report it as the SDK's cancellation.
        throw ctx.cancellationSignal.aborted ? (ctx.cancellationSignal.reason as Error) : err;
      } finally {
        clearInterval(beat);
      }
    },

    async abandonLeadImport({ reason, ...input }) {
      return importer.abandon(input, reason);
    },
  };
}
