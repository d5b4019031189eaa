import { DeliveryLog } from '../delivery-log.js';
import { EVENT_WEBHOOK_RETRY, nextRetryDelay, type RetryPolicy } from '../retry-policy.js';
import { postOnce, webhookTarget, type WebhookTarget } from '../webhook-target.js';
import { newEventId, type SendGridEvent } from './event-shapes.js';
import type { WebhookSigner } from './signature.js';
import type { WebhookSettings } from './webhook-settings.js';

/** An event on its way; the page reads its state (the poster updates it in place). */
export interface QueuedEvent {
  event: SendGridEvent;
  /** A duplicate re-post (same or new sg_event_id): never duplicated again. */
  copy: boolean;
  state: 'queued' | 'posting' | 'will-retry' | 'delivered' | 'gave-up';
  /** The last answer (null: no answer) and the attempt that got it. */
  status?: number | null;
  attempt?: number;
}

interface Batch {
  id: string;
  items: QueuedEvent[];
  /** Serialized once: every retry posts exactly these bytes (a new signature and timestamp each time). */
  body: string;
  attempts: number;
  firstTriedAt: number;
}

export interface EventWebhookOptions {
  url: URL;
  signer: WebhookSigner;
  /** Live settings (the object is shared with `PUT /__sandbox/webhook`). */
  settings: WebhookSettings;
  log: DeliveryLog;
  retry?: RetryPolicy;
  /** Posts under way at once. */
  concurrency?: number;
  timeoutMs?: number;
  /** For the duplicate draws (tests pass a seeded one). */
  random?: () => number;
}

/**
 * Posts events to the Event Webhook as SendGrid does: queued, sent as a JSON array once `batchSize` events wait or
 * `flushMs` after the first one, signed per post; a non-2xx answer or a network error retries the same batch (same
 * bytes, same sg_event_ids) with growing waits for the retry window; after a delivered batch some events are
 * posted again in a later batch (`duplicateRate`, and `newIdRate` under a new sg_event_id), since SendGrid delivers
 * at least once. Nothing is dropped while the server runs unless the retry window is spent.
 */
export class EventWebhookPoster {
  private queue: QueuedEvent[] = [];
  private ready: Batch[] = [];
  private readonly inFlight = new Set<Batch>();
  private readonly waiting = new Set<Batch>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborter = new AbortController();
  private readonly target: WebhookTarget;
  private readonly retry: RetryPolicy;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly random: () => number;
  private batches = 0;
  private closed = false;

  constructor(private readonly o: EventWebhookOptions) {
    this.target = webhookTarget(o.url);
    this.retry = o.retry ?? EVENT_WEBHOOK_RETRY;
    this.concurrency = o.concurrency ?? 4;
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.random = o.random ?? Math.random;
  }

  /** The URL without credentials. */
  get url(): string {
    return this.target.href;
  }

  enqueue(events: readonly SendGridEvent[], copy = false): QueuedEvent[] {
    if (this.closed) return [];
    const items = events.map((event): QueuedEvent => ({ event, copy, state: 'queued' }));
    this.queue.push(...items);
    this.schedule();
    return items;
  }

  /** After a settings change: a new batch size or flush time applies to what waits; unpausing posts what was held. */
  settingsChanged(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    this.schedule();
    this.pump();
  }

  counts(): { queued: number; posting: number; waitingToRetry: number } {
    return {
      queued: this.queue.length + this.ready.reduce((n, b) => n + b.items.length, 0),
      posting: [...this.inFlight].reduce((n, b) => n + b.items.length, 0),
      waitingToRetry: [...this.waiting].reduce((n, b) => n + b.items.length, 0),
    };
  }

  close(): void {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.aborter.abort();
  }

  private schedule(): void {
    if (this.closed || this.o.settings.paused) return;
    if (this.queue.length >= this.o.settings.batchSize) this.cut(false);
    if (this.queue.length > 0 && !this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        if (!this.o.settings.paused) this.cut(true);
      }, this.o.settings.flushMs);
    }
  }

  /** Move full batches (and, when the flush time is up, the rest) from the queue to the ready list. */
  private cut(all: boolean): void {
    const size = this.o.settings.batchSize;
    while (this.queue.length >= size || (all && this.queue.length > 0)) {
      const items = this.queue.splice(0, size);
      this.ready.push({ id: `b${++this.batches}`, items, body: JSON.stringify(items.map((i) => i.event)), attempts: 0, firstTriedAt: 0 });
    }
    if (this.queue.length === 0 && this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    this.pump();
  }

  private pump(): void {
    while (!this.closed && !this.o.settings.paused && this.inFlight.size < this.concurrency && this.ready.length > 0) {
      const batch = this.ready.shift()!;
      this.inFlight.add(batch);
      void this.post(batch).finally(() => {
        this.inFlight.delete(batch);
        this.pump();
      });
    }
  }

  private async post(batch: Batch): Promise<void> {
    batch.attempts++;
    const started = Date.now();
    if (batch.attempts === 1) batch.firstTriedAt = started;
    for (const item of batch.items) item.state = 'posting';
    const headers = { 'Content-Type': 'application/json', 'User-Agent': 'SendGrid Event API', ...this.o.signer.headers(batch.body) };
    const result = await postOnce(this.target, headers, batch.body, AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.timeoutMs)]));
    if (this.closed) return;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const delay = ok ? undefined : nextRetryDelay(this.retry, batch.attempts, batch.firstTriedAt, Date.now());
    const outcome = ok ? 'delivered' : delay === undefined ? 'gave-up' : 'will-retry';
    this.o.log.add({
      at: new Date(started).toISOString(),
      webhook: 'event-webhook',
      url: this.target.href,
      events: batch.items.length,
      status: result.status,
      attempt: batch.attempts,
      outcome,
      ...(result.error ? { error: result.error } : {}),
      durationMs: Date.now() - started,
      batchId: batch.id,
    });
    for (const item of batch.items) Object.assign(item, { state: outcome, status: result.status, attempt: batch.attempts });
    if (ok) return this.duplicate(batch);
    if (delay === undefined) {
      console.error(JSON.stringify({ level: 'warn', msg: 'event webhook batch given up after the retry window', batch: batch.id, events: batch.items.length, attempts: batch.attempts }));
      return;
    }
    this.waiting.add(batch);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.waiting.delete(batch);
      // A paused webhook holds retries too; unpausing posts them.
      this.ready.unshift(batch);
      this.pump();
    }, delay);
    this.timers.add(timer);
  }

  /** At-least-once: some delivered events come again in a later batch, as-is or under a new sg_event_id. */
  private duplicate(batch: Batch): void {
    const { duplicateRate, newIdRate } = this.o.settings;
    if (duplicateRate === 0 && newIdRate === 0) return;
    const again: SendGridEvent[] = [];
    for (const { event, copy } of batch.items) {
      if (copy) continue;
      if (duplicateRate > 0 && this.random() < duplicateRate) again.push(event);
      if (newIdRate > 0 && this.random() < newIdRate) again.push({ ...event, sg_event_id: newEventId() });
    }
    if (again.length > 0) this.enqueue(again, true);
  }
}
