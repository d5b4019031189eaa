/** One post the sandbox made to a webhook, as `GET /__sandbox/deliveries` and the page show it. */
export interface Delivery {
  at: string;
  webhook: 'event-webhook' | 'inbound-parse';
  /** Without credentials (the parse URL carries its secret as basic auth). */
  url: string;
  /** Events in the batch (1 for a parse post). */
  events: number;
  /** The answer's status; null when the request failed before one (refused, reset, timed out). */
  status: number | null;
  /** 1 for the first post of a batch, then one more per retry. */
  attempt: number;
  outcome: 'delivered' | 'will-retry' | 'gave-up' | 'refused';
  error?: string;
  durationMs: number;
  /** Which batch (event webhook) or reply (parse) this post carried. */
  batchId: string;
}

/**
 * The newest posts, bounded. Bodies are never kept: they carry recipients' addresses (and replies their text);
 * the sent-mail page and the tests need only counts and answers.
 */
export class DeliveryLog {
  private entries: Delivery[] = []; // oldest first

  constructor(readonly capacity = 500) {}

  add(entry: Delivery): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Newest first. */
  list(limit = this.capacity, webhook?: Delivery['webhook']): Delivery[] {
    const out: Delivery[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i]!;
      if (!webhook || e.webhook === webhook) out.push(e);
    }
    return out;
  }

  clear(): void {
    this.entries = [];
  }
}

/** A URL as logs may show it: the parse URL's basic-auth secret removed. */
export function withoutCredentials(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy.toString();
}
