import { DeliveryLog } from './delivery-log.js';
import { buildEvent, recipientsOf, type EmittedEventType, type EventDetail } from './events/event-shapes.js';
import { EventWebhookPoster, type QueuedEvent } from './events/event-webhook.js';
import { WebhookSigner } from './events/signature.js';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './events/webhook-settings.js';
import { inboundParseFields, type ReplyRequest } from './replies/inbound-message.js';
import { InboundParsePoster, type ParsePost } from './replies/inbound-parse.js';
import type { RetryPolicy } from './retry-policy.js';
import type { SentMail, SentMailStore } from './store.js';

/** Where and how the sandbox talks back; each part is off (posts nothing, the old behaviour) while unset. */
export interface TalkBackOptions {
  /** The Event Webhook URL (engagement's /webhooks/sendgrid/events). */
  eventWebhookUrl?: string;
  /** PKCS#8 PEM of the ECDSA P-256 key the posts are signed with. */
  webhookPrivateKey?: string;
  /** The Inbound Parse URL, basic-auth secret included (http://parse:<secret>@host/webhooks/sendgrid/inbound). */
  inboundParseUrl?: string;
  /** Where replies go when a message has no Reply-To. */
  replyDomain?: string;
  settings?: Partial<WebhookSettings>;
  eventRetry?: RetryPolicy;
  parseRetry?: RetryPolicy;
  random?: () => number;
}

/** What the page shows under a message: what was posted about it and how that went. */
export interface TrailEntry {
  label: string;
  item: QueuedEvent | ParsePost;
}

export type TalkBackRefusal = { ok: false; reason: 'unknown-message' | 'off'; message: string };

const TRAIL_MESSAGES = 10_000;
const TRAIL_PER_MESSAGE = 20;

/**
 * The sandbox's side of engagement: every accepted message is followed by `processed` and (after
 * `deliveredDelayMs`) `delivered` per recipient; on request, engagement events for a message and replies or
 * out-of-office answers through Inbound Parse.
 */
export class TalkBack {
  readonly settings: WebhookSettings;
  readonly log = new DeliveryLog();
  readonly events: EventWebhookPoster | undefined;
  /** Why the Event Webhook is off, when it is. */
  readonly eventsOff: string | undefined;
  readonly parse: InboundParsePoster | undefined;
  readonly parseOff: string | undefined;
  private readonly trails = new Map<string, TrailEntry[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: SentMailStore,
    private readonly options: TalkBackOptions,
    private readonly now: () => Date,
  ) {
    this.settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...options.settings };
    if (!options.eventWebhookUrl || !options.webhookPrivateKey) {
      this.eventsOff = 'the Event Webhook is off: SENDGRID_SANDBOX_EVENT_WEBHOOK_URL and SENDGRID_SANDBOX_WEBHOOK_PRIVATE_KEY are not both set';
    } else {
      this.events = new EventWebhookPoster({
        url: new URL(options.eventWebhookUrl),
        signer: new WebhookSigner(options.webhookPrivateKey),
        settings: this.settings,
        log: this.log,
        retry: options.eventRetry,
        random: options.random,
      });
    }
    if (!options.inboundParseUrl) {
      this.parseOff = 'Inbound Parse is off: SENDGRID_SANDBOX_INBOUND_PARSE_URL is not set';
    } else {
      this.parse = new InboundParsePoster({ url: new URL(options.inboundParseUrl), log: this.log, retry: options.parseRetry });
    }
    this.unsubscribe = store.onAdd((mails) => this.accepted(mails));
  }

  /** The stored message with this id (its sgMessageId, as GET /__sandbox/messages lists it). */
  message(id: string): SentMail | undefined {
    return this.store.list({ limit: 1, where: (m) => m.sgMessageId === id })[0];
  }

  /** Queue an engagement event for the message's first recipient. */
  emit(id: string, type: EmittedEventType, detail: EventDetail = {}): { ok: true; queued: QueuedEvent[] } | TalkBackRefusal {
    const mail = this.message(id);
    if (!mail) return { ok: false, reason: 'unknown-message', message: `no stored message has the id ${id}` };
    if (!this.events) return { ok: false, reason: 'off', message: this.eventsOff! };
    const queued = this.events.enqueue([buildEvent(mail, 0, type, this.now(), detail)]);
    this.remember(mail.sgMessageId, type === 'open' && detail.machine ? 'open (Apple MPP)' : type === 'bounce' ? `bounce (${detail.bounceType ?? 'hard'})` : type, queued);
    return { ok: true, queued };
  }

  /** Post the lead's reply or out-of-office answer through Inbound Parse. */
  reply(id: string, request: ReplyRequest): { ok: true; post: ParsePost; fields: Array<[string, string]> } | TalkBackRefusal {
    const mail = this.message(id);
    if (!mail) return { ok: false, reason: 'unknown-message', message: `no stored message has the id ${id}` };
    if (!this.parse) return { ok: false, reason: 'off', message: this.parseOff! };
    const fields = inboundParseFields(mail, request, { at: this.now(), replyDomain: this.options.replyDomain });
    const post = this.parse.post(fields);
    this.remember(mail.sgMessageId, request.kind === 'reply' ? 'reply' : 'out of office', [post]);
    return { ok: true, post, fields };
  }

  trail(id: string): readonly TrailEntry[] {
    return this.trails.get(id) ?? [];
  }

  close(): void {
    this.unsubscribe();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.events?.close();
    this.parse?.close();
  }

  private accepted(mails: readonly SentMail[]): void {
    const events = this.events;
    if (!events) return;
    const processedAt = this.now();
    for (const mail of mails) {
      const count = recipientsOf(mail).length;
      const processed = Array.from({ length: count }, (_, r) => buildEvent(mail, r, 'processed', processedAt));
      this.remember(mail.sgMessageId, 'processed', events.enqueue(processed));
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const deliveredAt = this.now();
      for (const mail of mails) {
        const delivered = recipientsOf(mail).map((_, r) => buildEvent(mail, r, 'delivered', deliveredAt));
        this.remember(mail.sgMessageId, 'delivered', events.enqueue(delivered));
      }
    }, this.settings.deliveredDelayMs);
    this.timers.add(timer);
  }

  private remember(id: string, label: string, items: ReadonlyArray<QueuedEvent | ParsePost>): void {
    let trail = this.trails.get(id);
    if (!trail) {
      if (this.trails.size >= TRAIL_MESSAGES) this.trails.delete(this.trails.keys().next().value!);
      trail = [];
      this.trails.set(id, trail);
    }
    for (const item of items) trail.push({ label, item });
    if (trail.length > TRAIL_PER_MESSAGE) trail.splice(0, trail.length - TRAIL_PER_MESSAGE);
  }
}
