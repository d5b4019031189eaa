import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '#libs/observability';

/** What an operator watches on /metrics for the Event Webhook: posts by outcome, events taken, answer time. */
@Injectable()
export class WebhookMetrics {
  /** Every post, by outcome: `accepted`, or the refusal's code (signature_invalid, payload_too_large, …). */
  readonly posts: Counter<'outcome'>;
  readonly eventsReceived: Counter;
  readonly eventsAccepted: Counter;
  readonly eventsDuplicate: Counter;
  /** Events of verified posts left out, by the field that was wrong. */
  readonly eventsRejected: Counter<'field'>;
  readonly answerSeconds: Histogram;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.posts = new Counter({ name: 'engagement_webhook_posts_total', help: 'Event Webhook posts, by outcome (accepted or the refusal code)', labelNames: ['outcome'], registers });
    this.eventsReceived = new Counter({ name: 'engagement_webhook_events_received_total', help: 'Events in verified Event Webhook posts', registers });
    this.eventsAccepted = new Counter({ name: 'engagement_webhook_events_accepted_total', help: 'Events written to the inbox as new rows', registers });
    this.eventsDuplicate = new Counter({ name: 'engagement_webhook_events_duplicate_total', help: 'Events already in the inbox (same sg_event_id or content key)', registers });
    this.eventsRejected = new Counter({ name: 'engagement_webhook_events_rejected_total', help: 'Events of verified posts left out, by the field that was wrong', labelNames: ['field'], registers });
    this.answerSeconds = new Histogram({
      name: 'engagement_webhook_answer_seconds',
      help: 'Time to answer an Event Webhook post (verify, parse, write, commit)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5],
      registers,
    });
  }
}
