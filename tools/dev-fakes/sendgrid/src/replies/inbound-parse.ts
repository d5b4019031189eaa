import type { DeliveryLog } from '../delivery-log.js';
import { INBOUND_PARSE_RETRY, nextRetryDelay, type RetryPolicy } from '../retry-policy.js';
import { postOnce, webhookTarget, type WebhookTarget } from '../webhook-target.js';
import { encodeMultipart } from './multipart.js';

export interface InboundParseOptions {
  /** http(s)://parse:<secret>@host/webhooks/sendgrid/inbound: the secret goes as basic auth. */
  url: URL;
  log: DeliveryLog;
  retry?: RetryPolicy;
  timeoutMs?: number;
}

/** A parsed message on its way; the page reads its state. */
export interface ParsePost {
  id: string;
  state: 'posting' | 'will-retry' | 'delivered' | 'gave-up' | 'refused';
  status?: number | null;
  attempt: number;
}

/**
 * Posts parsed messages as Inbound Parse does: multipart/form-data, one message per post. A 5xx answer or a network
 * error is retried with growing waits (SendGrid: for up to 3 days), a 4xx is not (the receiver refused it for good).
 */
export class InboundParsePoster {
  private readonly target: WebhookTarget;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborter = new AbortController();
  private posts = 0;
  private closed = false;

  constructor(private readonly o: InboundParseOptions) {
    this.target = webhookTarget(o.url);
    this.retry = o.retry ?? INBOUND_PARSE_RETRY;
    this.timeoutMs = o.timeoutMs ?? 30_000;
  }

  get url(): string {
    return this.target.href;
  }

  /** Starts the post (and its retries) and returns its live state at once. */
  post(fields: ReadonlyArray<readonly [string, string]>): ParsePost {
    const { body, contentType } = encodeMultipart(fields);
    const post: ParsePost = { id: `r${++this.posts}`, state: 'posting', attempt: 0 };
    void this.attempt(post, body, contentType, Date.now());
    return post;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.aborter.abort();
  }

  private async attempt(post: ParsePost, body: Buffer, contentType: string, firstTriedAt: number): Promise<void> {
    if (this.closed) return;
    post.attempt++;
    post.state = 'posting';
    const started = Date.now();
    const result = await postOnce(this.target, { 'Content-Type': contentType, 'User-Agent': 'Sendlib/1.0 inbound-parse' }, body, AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.timeoutMs)]));
    if (this.closed) return;
    const status = result.status;
    const retryable = status === null || status >= 500;
    const delay = retryable ? nextRetryDelay(this.retry, post.attempt, firstTriedAt, Date.now()) : undefined;
    const outcome: ParsePost['state'] = status !== null && status >= 200 && status < 300 ? 'delivered' : !retryable ? 'refused' : delay === undefined ? 'gave-up' : 'will-retry';
    Object.assign(post, { state: outcome, status });
    this.o.log.add({
      at: new Date(started).toISOString(),
      webhook: 'inbound-parse',
      url: this.target.href,
      events: 1,
      status,
      attempt: post.attempt,
      outcome,
      ...(result.error ? { error: result.error } : {}),
      durationMs: Date.now() - started,
      batchId: post.id,
    });
    if (outcome !== 'will-retry') return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(post, body, contentType, firstTriedAt);
    }, delay);
    this.timers.add(timer);
  }
}
