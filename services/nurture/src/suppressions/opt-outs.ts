import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  leadNurtureWorkflow,
  nurtureBouncedSignal,
  nurtureSpamReportedSignal,
  nurtureUnsubscribedSignal,
  nurtureWorkflowId,
  type EngagementSignal,
  type OptOutInput,
} from '#libs/contracts';
import { normaliseEmail } from '#libs/lead-intake';
import type { Logger } from '#libs/logging';
import { LazyTemporalClient, workflowHandle } from '#libs/temporal';
import { NURTURE_CONFIG, type NurtureConfig } from '../nurture.config.js';
import { NURTURE_LOGGER } from '../nurture-logger.js';
import { OPEN_STATUSES, optOutAddress, optOutEffect } from './opt-out-rules.js';
import { SuppressionError } from './suppression-errors.js';
import { SuppressionList } from './suppression-list.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OptOutResult {
  /** The address as suppressed (stored form). */
  address: string;
  /** This call listed it (false: it was already suppressed). */
  suppressed: boolean;
  /** Open enrolments of the address this call ended. */
  stopped: number;
  /** Workflows signalled, and those already closed or never started. */
  signalled: number;
  notRunning: number;
  /** Workflows that could not be signalled (Temporal unreachable…); the DB already says they ended. */
  failed: Array<{ workflowId: string; error: string }>;
}

/** Some workflows could not be told; the opt-out itself is stored. A retry repeats it with no second effect. */
export class OptOutSignalsFailed extends Error {
  constructor(readonly result: OptOutResult) {
    super(`opt-out stored for ${result.stopped} enrolment(s), but ${result.failed.length} workflow(s) could not be signalled: ${result.failed.map((f) => `${f.workflowId}: ${f.error}`).join('; ')}`);
    this.name = 'OptOutSignalsFailed';
  }
}

/**
 * Hard bounce, unsubscribe or spam report on one enrolment: the address is suppressed globally and every open
 * enrolment of it, in any campaign, ends (opted-out or bounced) in one transaction, then each workflow of the
 * address hears the same engagement signal with the same event id (a workflow applies an event id once, so the
 * one that reported it and a repeated call have no second effect). The suppression is what stops sends: the
 * sender checks it inside its claim, so a workflow that has not yet heard the signal still sends nothing.
 */
@Injectable()
export class OptOuts implements OnApplicationShutdown {
  private readonly temporal: LazyTemporalClient;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly suppressions: SuppressionList,
    @Inject(NURTURE_CONFIG) config: Pick<NurtureConfig, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>,
    @Inject(NURTURE_LOGGER) private readonly log: Logger,
  ) {
    // Connects on first use: an opt-out is stored even while Temporal is unreachable.
    this.temporal = new LazyTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, (err) =>
      log.warn({ err: String(err) }, 'nurture: cannot reach Temporal to tell enrolments of an opt-out'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }

  /** Idempotent per event id. Throws OptOutSignalsFailed (retryable) when a workflow could not be told. */
  async apply(input: OptOutInput): Promise<OptOutResult> {
    const result = await this.store(input, null);
    if (result.failed.length > 0) throw new OptOutSignalsFailed(result);
    return result;
  }

  /**
   * Like apply, but a workflow that cannot be told is only logged: the one-click answer must not depend on Temporal.
   * `address` is for a token from a send without an enrolment (a test send): that address is opted out instead.
   */
  async applyAndReport(input: OptOutInput, address: string | null = null): Promise<OptOutResult> {
    const result = await this.store(input, address);
    if (result.failed.length > 0) this.log.warn({ enrolmentId: input.enrolmentId, eventId: input.eventId, failed: result.failed }, 'opt-out stored; some workflows not signalled (their sends are refused by the suppression)');
    return result;
  }

  /**
   * Engagement's opt-out by address: the event names the address, its enrolment may be unknown (a send from
   * before a merge, an address with no sequence). Same effect and the same retry rule as apply.
   */
  async applyToAddress(email: string, input: OptOutInput & { detail?: string | null }): Promise<OptOutResult> {
    const result = await this.store(input, email.trim().toLowerCase());
    if (result.failed.length > 0) throw new OptOutSignalsFailed(result);
    return result;
  }

  private async store(input: OptOutInput & { detail?: string | null }, givenAddress: string | null): Promise<OptOutResult> {
    const effect = optOutEffect(input);
    const { address, suppressed, stopped, workflows } = await this.db.transaction(async (tx) => {
      const [enrolment]: Array<{ email: string }> = givenAddress
        ? [{ email: givenAddress }]
        : UUID.test(input.enrolmentId)
          ? await tx.query(`SELECT email FROM nurture.enrolments WHERE id = $1::uuid`, [input.enrolmentId])
          : [];
      if (!enrolment) throw new SuppressionError('unsubscribe_not_found', 'no enrolment for this opt-out', [{ field: 'enrolmentId', message: 'not found' }]);
      const address = optOutAddress(enrolment.email, normaliseEmail);
      const listed = await this.suppressions.add('address', address, effect.suppressionReason, tx);
      // A CTE, so the answer is rows (TypeORM answers a bare UPDATE … RETURNING with [rows, count]).
      const [{ ended }]: Array<{ ended: number }> = await tx.query(
        `WITH ended AS (
           UPDATE nurture.enrolments
           SET status = $2, last_decision = $3, hold_reason = NULL, next_send_at = NULL, ended_at = coalesce(ended_at, $4::timestamptz), updated_at = now()
           WHERE lower(email) = lower($1) AND status = ANY($5::text[])
           RETURNING id
         )
         SELECT count(*)::int AS ended FROM ended`,
        [enrolment.email, effect.status, effect.decision, input.at, OPEN_STATUSES],
      );
      // Every enrolment of the address, ended now or before: a retry must reach a workflow a failed call missed.
      const workflows: Array<{ campaign_id: string; lead_id: string }> = await tx.query(
        `SELECT campaign_id, lead_id FROM nurture.enrolments WHERE lower(email) = lower($1) AND status <> 'queued' ORDER BY campaign_id, lead_id`,
        [enrolment.email],
      );
      return { address, suppressed: listed.created, stopped: ended, workflows };
    });
    const result: OptOutResult = { address, suppressed, stopped, signalled: 0, notRunning: 0, failed: [] };
    for (const w of workflows) {
      const workflowId = nurtureWorkflowId(w.campaign_id, w.lead_id);
      try {
        await this.signal(workflowId, input);
        result.signalled++;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) result.notRunning++;
        else result.failed.push({ workflowId, error: (err as Error)?.message ?? String(err) });
      }
    }
    this.log.info({ enrolmentId: input.enrolmentId, kind: input.kind, eventId: input.eventId, suppressed, stopped, signalled: result.signalled }, 'opt-out applied');
    return result;
  }

  private async signal(workflowId: string, input: OptOutInput & { detail?: string | null }): Promise<void> {
    const handle = workflowHandle(await this.temporal.get(), leadNurtureWorkflow, workflowId);
    const event: EngagementSignal = { eventId: input.eventId, at: input.at, detail: optOutEffect(input).suppressionReason };
    if (input.kind === 'bounce') await handle.signal(nurtureBouncedSignal, { ...event, bounceType: 'hard' });
    else if (input.kind === 'spamreport') await handle.signal(nurtureSpamReportedSignal, event);
    else await handle.signal(nurtureUnsubscribedSignal, event);
  }
}
