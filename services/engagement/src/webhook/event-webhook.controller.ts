import { createHash } from 'node:crypto';
import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ENGAGEMENT_WEBHOOK_PATHS } from '#libs/contracts';
import { EventBatchError, parseEventBatch, type EventProblem } from '#libs/engagement-events';
import type { Logger } from '#libs/logging';
import { EngagementError } from '../engagement-errors.js';
import { ENGAGEMENT_LOGGER } from '../engagement-logger.js';
import { eventInboxInsert, InboxWriter, sqlStateOf } from '../inbox/inbox-writer.js';
import { EVENT_WEBHOOK_BODY_LIMIT, eventBodyOf } from './event-body.js';
import { EventSignatureVerifier } from './event-signature.js';
import { WebhookMetrics } from './webhook-metrics.js';

/** The answer to SendGrid (and to a person replaying a post by hand). */
export interface EventWebhookAnswer {
  /** New inbox rows. */
  accepted: number;
  /** Events already in the inbox: a retry or a re-post, with no second effect. */
  duplicates: number;
  /** Events left out because a field was wrong, and the first PROBLEMS_SHOWN of them. */
  rejected: number;
  problems: EventProblem[];
}

const PROBLEMS_SHOWN = 100;

/**
 * POST /webhooks/sendgrid/events: SendGrid's Signed Event Webhook. Verified over the raw bytes, parsed, written to
 * the inbox in one statement and answered; everything else (workflows, suppressions, scores) happens after commit in
 * the signaller, so the answer is fast and a Temporal outage loses nothing. Any refusal writes nothing. Bodies and
 * addresses are never logged.
 */
@Controller()
export class EventWebhookController {
  constructor(
    private readonly verifier: EventSignatureVerifier,
    private readonly inbox: InboxWriter,
    private readonly metrics: WebhookMetrics,
    @Inject(ENGAGEMENT_LOGGER) private readonly log: Logger,
  ) {}

  @Post(ENGAGEMENT_WEBHOOK_PATHS.events)
  @HttpCode(200)
  async receive(@Req() req: Request): Promise<EventWebhookAnswer> {
    const done = this.metrics.answerSeconds.startTimer();
    try {
      const answer = await this.take(req);
      this.metrics.posts.inc({ outcome: 'accepted' });
      return answer;
    } catch (err) {
      this.metrics.posts.inc({ outcome: err instanceof EngagementError ? err.code : 'error' });
      throw err;
    } finally {
      done();
    }
  }

  private async take(req: Request): Promise<EventWebhookAnswer> {
    const body = eventBodyOf(req);
    if (body === undefined || body.kind === 'wrong-type') {
      const got = body?.kind === 'wrong-type' && body.contentType ? `got ${body.contentType.slice(0, 100)}` : 'no Content-Type';
      throw new EngagementError('unsupported_media_type', `the Event Webhook takes application/json, uncompressed (${got})`, [{ field: 'content-type', message: 'must be application/json' }]);
    }
    if (body.kind === 'too-large') throw new EngagementError('payload_too_large', `the Event Webhook takes bodies of at most ${EVENT_WEBHOOK_BODY_LIMIT / 1024 / 1024} MiB`);
    this.verifier.assertConfigured();
    if (body.bytes.length === 0) throw new EngagementError('invalid_event_batch', 'the body is empty; SendGrid posts a JSON array of events', [{ field: '(body)', message: 'empty' }]);
    const post = this.verifier.verify(body.bytes, req.rawHeaders);

    let json: unknown;
    try {
      json = JSON.parse(post.text);
    } catch {
      throw new EngagementError('invalid_event_batch', 'the body is not valid JSON', [{ field: '(body)', message: 'not valid JSON' }]);
    }
    let batch: ReturnType<typeof parseEventBatch>;
    try {
      batch = parseEventBatch(json);
    } catch (err) {
      if (err instanceof EventBatchError) throw new EngagementError('invalid_event_batch', err.message, [{ field: '(body)', message: err.message }]);
      throw err;
    }

    const items = Array.isArray(json) ? json.length : 0;
    let written;
    try {
      written = await this.inbox.write(
        { source: 'event-webhook', signedAt: post.signedAt, bodySha256: createHash('sha256').update(body.bytes).digest('hex'), bodyBytes: body.bytes.length, items },
        batch.events.map(eventInboxInsert),
      );
    } catch (err) {
      // The database's text can quote values (addresses); only its code is logged.
      this.log.error({ sqlState: sqlStateOf(err), error: (err as Error)?.name }, 'engagement: the Event Webhook could not write to the inbox; SendGrid will retry the post');
      throw new EngagementError('inbox_unavailable', 'the inbox cannot be written just now; the post is not taken and SendGrid will retry it');
    }

    this.metrics.eventsReceived.inc(items);
    this.metrics.eventsAccepted.inc(written.accepted);
    this.metrics.eventsDuplicate.inc(written.duplicates);
    for (const p of batch.problems) this.metrics.eventsRejected.inc({ field: p.field });
    const rejected = new Set(batch.problems.map((p) => p.index)).size;
    if (rejected > 0) this.log.warn({ batchId: written.batchId, rejected, fields: [...new Set(batch.problems.map((p) => p.field))] }, 'engagement: events of a signed post were left out');
    return { accepted: written.accepted, duplicates: written.duplicates, rejected, problems: batch.problems.slice(0, PROBLEMS_SHOWN) };
  }
}
