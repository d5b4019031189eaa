import { randomBytes } from 'node:crypto';
import { isObject } from './validate.js';

export interface Address {
  email: string;
  name?: string;
}

/** One accepted personalization, i.e. what one set of recipients would receive. */
export interface SentMail {
  /** `sg_message_id` style: `<X-Message-Id>.<personalization index>`, what events will carry later. */
  sgMessageId: string;
  xMessageId: string;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  from: Address;
  replyTo?: Address;
  subject: string;
  text?: string;
  html?: string;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
  categories: string[];
  templateId?: string;
  dynamicTemplateData?: Record<string, unknown>;
  sendAt?: number;
  receivedAt: string;
  /** The whole Mail Send body as accepted (shared by the records of its personalizations). */
  request?: Readonly<Record<string, unknown>>;
}

export interface ListQuery {
  /** Case-insensitive match against any to/cc/bcc address. */
  to?: string;
  /** Every given custom_args key must have exactly this value. */
  customArgs?: Readonly<Record<string, string>>;
  /** Any other test a record must pass (the Email Activity query, the lag cut-off). */
  where?: (mail: SentMail) => boolean;
  /** Matching records to skip, newest first (paging). */
  offset?: number;
  limit?: number;
}

export type SentMailListener = (mails: readonly SentMail[]) => void;

/** 22 random base64url characters, the length and alphabet of SendGrid's X-Message-Id. */
export function newMessageId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * In-memory, bounded: a dev server must not grow without limit when a campaign runs for days, so only the
 * newest `capacity` records are kept. Listeners are the hook for event-webhook emission (added later).
 */
export class SentMailStore {
  private records: SentMail[] = []; // oldest first
  private readonly listeners = new Set<SentMailListener>();

  constructor(readonly capacity = 10_000) {}

  get size(): number {
    return this.records.length;
  }

  add(mails: readonly SentMail[]): void {
    this.records.push(...mails);
    const excess = this.records.length - this.capacity;
    if (excess > 0) this.records.splice(0, excess);
    for (const listener of this.listeners) {
      try {
        listener(mails);
      } catch (error) {
        // A broken listener (e.g. webhook emission) must not turn an accepted send into a 500.
        console.error(JSON.stringify({ level: 'error', msg: 'sent-mail listener failed', error: String(error) }));
      }
    }
  }

  /** Newest first. */
  list(query: ListQuery = {}): SentMail[] {
    const needle = query.to?.trim().toLowerCase();
    const args = Object.entries(query.customArgs ?? {});
    const limit = query.limit ?? this.capacity;
    let skip = query.offset ?? 0;
    const out: SentMail[] = [];
    for (let i = this.records.length - 1; i >= 0 && out.length < limit; i--) {
      const m = this.records[i]!;
      if (needle && ![...m.to, ...m.cc, ...m.bcc].some((a) => a.email.toLowerCase() === needle)) continue;
      if (args.some(([k, v]) => !Object.hasOwn(m.customArgs, k) || m.customArgs[k] !== v)) continue;
      if (query.where && !query.where(m)) continue;
      if (skip > 0) skip--;
      else out.push(m);
    }
    return out;
  }

  /** How many records match (the sent-mail page's pager). */
  count(query: Omit<ListQuery, 'offset' | 'limit'> = {}): number {
    if (!query.to && !query.customArgs && !query.where) return this.records.length;
    return this.list({ ...query, limit: this.capacity }).length;
  }

  clear(): void {
    this.records = [];
  }

  /** Returns an unsubscribe function. */
  onAdd(listener: SentMailListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Expand a validated Mail Send body into one record per personalization, applying SendGrid's precedence:
 * personalization-level subject/from/headers/custom_args/send_at override the message-level ones, and legacy
 * substitutions are replaced literally in subject and content.
 */
export function toSentMails(body: Record<string, unknown>, xMessageId: string, receivedAt: Date): SentMail[] {
  const content = Array.isArray(body.content) ? (body.content as Array<{ type: string; value: string }>) : [];
  const text = content.find((c) => c.type.toLowerCase() === 'text/plain')?.value;
  const html = content.find((c) => c.type.toLowerCase() === 'text/html')?.value;
  const personalizations = body.personalizations as Array<Record<string, unknown>>;
  return personalizations.map((p, n) => {
    const subs = isObject(p.substitutions) ? (p.substitutions as Record<string, unknown>) : {};
    const sub = (s: string | undefined) => (s === undefined ? undefined : substitute(s, subs));
    return {
      sgMessageId: `${xMessageId}.${n}`,
      xMessageId,
      to: addresses(p.to),
      cc: addresses(p.cc),
      bcc: addresses(p.bcc),
      from: address(p.from ?? body.from)!,
      replyTo: address(body.reply_to),
      subject: sub(stringOr(p.subject, stringOr(body.subject, '')))!,
      text: sub(text),
      html: sub(html),
      // Spread (not Object.assign) so a `__proto__` key from JSON stays a plain own property.
      headers: { ...stringRecord(body.headers), ...stringRecord(p.headers) },
      customArgs: { ...stringRecord(body.custom_args), ...stringRecord(p.custom_args) },
      categories: Array.isArray(body.categories) ? (body.categories as string[]) : [],
      templateId: typeof body.template_id === 'string' ? body.template_id : undefined,
      dynamicTemplateData: isObject(p.dynamic_template_data) ? p.dynamic_template_data : undefined,
      sendAt: typeof (p.send_at ?? body.send_at) === 'number' ? ((p.send_at ?? body.send_at) as number) : undefined,
      receivedAt: receivedAt.toISOString(),
      request: body,
    };
  });
}

function address(value: unknown): Address | undefined {
  if (!isObject(value) || typeof value.email !== 'string') return undefined;
  return typeof value.name === 'string' ? { email: value.email, name: value.name } : { email: value.email };
}

function addresses(value: unknown): Address[] {
  return Array.isArray(value) ? value.map(address).filter((a): a is Address => a !== undefined) : [];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function stringRecord(value: unknown): Record<string, string> {
  return isObject(value) ? (value as Record<string, string>) : {};
}

function substitute(s: string, subs: Record<string, unknown>): string {
  let out = s;
  for (const [key, value] of Object.entries(subs)) {
    if (key !== '') out = out.split(key).join(String(value));
  }
  return out;
}
