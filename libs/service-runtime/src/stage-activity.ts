import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { isCampaignId, type CampaignStageInput, type CampaignStageReport, type StageCursor } from '#libs/contracts';
import { FIRST_PAGE, stageCursorFrom, type StageProgress } from './paged-stage.js';

export interface PagedStageActivityOptions {
  /** The stage's service as operators know it ('scoring'); names the stage in failures. */
  stage: string;
  /** Works through one campaign's leads, usually with runPagedStage. */
  run(input: CampaignStageInput, progress: StageProgress): Promise<CampaignStageReport>;
  /**
   * Also repeat the last heartbeat this often while a page is in work, for stages whose pages have slow but
   * healthy parts (DNS lookups). Unset, only pages and stillAlive() heartbeat, so a stuck page times out.
   */
  keepAliveMs?: number;
  /** The stage's own errors as Temporal failures, e.g. a refusal that no retry changes as non-retryable. */
  failure?(err: unknown): unknown;
}

/**
 * A paged stage activity for one campaign: checks its input (a bad one fails for good), resumes from the last
 * heartbeat of an earlier attempt, heartbeats progress after every page, and stops between pages when Temporal
 * asks it to.
 */
export function pagedStageActivity(o: PagedStageActivityOptions): (input: CampaignStageInput) => Promise<CampaignStageReport> {
  return async (input) => {
    const checked = checkedStageInput(input);
    const ctx = Context.current();
    const resumeFrom = stageCursorFrom(ctx.info.heartbeatDetails);
    let last = resumeFrom ?? FIRST_PAGE;
    const progress: StageProgress = {
      resumeFrom,
      heartbeat: (cursor) => {
        last = cursor;
        ctx.heartbeat(cursor);
      },
      stillAlive: () => ctx.heartbeat(last),
      signal: ctx.cancellationSignal,
    };
    const keepAlive = o.keepAliveMs ? setInterval(progress.stillAlive, o.keepAliveMs) : undefined;
    try {
      return await o.run(checked, progress);
    } catch (err) {
      if (ctx.cancellationSignal.aborted) throw stopped(o.stage, checked.campaignId, last, ctx);
      throw o.failure ? o.failure(err) : err;
    } finally {
      clearInterval(keepAlive);
    }
  };
}

/**
 * Why and where the stage stopped. A worker shutting down is a retryable failure, so another worker resumes
 * at once from the cursor; a cancellation (or a pause, a reset, a timeout) is reported to Temporal as one.
 */
function stopped(stage: string, campaignId: string, at: StageCursor, ctx: Context): Error {
  const reason = ctx.cancellationSignal.reason instanceof Error ? ctx.cancellationSignal.reason.message : String(ctx.cancellationSignal.reason);
  const message =
    `${stage} of campaign ${campaignId} stopped between pages (${reason}) after ${at.pages} pages and ${at.processed} leads; ` +
    `a retry resumes ${at.after === null ? 'from the first page' : `after lead ${at.after}`}`;
  if (ctx.cancellationDetails?.workerShutdown) return ApplicationFailure.retryable(message, 'StageStopped', at);
  return new CancelledFailure(message, [at]);
}

/** The campaign and run a stage activity works on; anything else fails for good, a retry would not fix it. */
export function checkedStageInput(input: unknown): CampaignStageInput {
  const { campaignId, runId } = (input ?? {}) as Partial<Record<keyof CampaignStageInput, unknown>>;
  const id = checkedCampaignId(campaignId);
  if (typeof runId !== 'string' || runId === '' || runId.length > 200) {
    throw ApplicationFailure.nonRetryable('runId must be a non-empty string of at most 200 characters', 'InvalidRunId');
  }
  return { campaignId: id, runId };
}

export function checkedCampaignId(campaignId: unknown): string {
  if (!isCampaignId(campaignId)) throw ApplicationFailure.nonRetryable(`campaignId ${JSON.stringify(campaignId)} is not a campaign id`, 'InvalidCampaignId');
  return campaignId;
}
