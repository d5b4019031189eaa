import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EngagementEventKind, InboxState, LeadEngagementEvent, ParkedItem } from '#libs/contracts';
import { EngagementError } from '../engagement-errors.js';

const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PARKED_SOURCES = ['event-webhook', 'inbound-parse'] as const;
export const PARKED_PAGE_MAX = 500;
const PARKED_PAGE_DEFAULT = 100;
// A person reads the summary in a list: the first line of what arrived, not the whole mail.
const SUMMARY_MAX = 200;

export function leadIdParam(value: unknown): string {
  if (typeof value !== 'string' || !LEAD_ID.test(value)) throw new EngagementError('invalid_lead_id', 'leadId must be a lead id (a UUID)', [{ field: 'leadId', message: 'must be a lead id (a UUID)' }]);
  return value.toLowerCase();
}

export interface ParkedQuery {
  source: ParkedItem['source'] | null;
  /** Inbox id cursor: items after it (oldest first). */
  after: string | null;
  limit: number;
}

/** `?source=&after=&limit=` of the parked list; every refusal names its field. */
export function parkedQuery(q: { source?: unknown; after?: unknown; limit?: unknown }): ParkedQuery {
  const problems: Array<{ field: string; message: string }> = [];
  let source: ParkedQuery['source'] = null;
  let after: string | null = null;
  let limit = PARKED_PAGE_DEFAULT;
  if (q.source !== undefined && q.source !== '') {
    if ((PARKED_SOURCES as readonly unknown[]).includes(q.source)) source = q.source as ParkedItem['source'];
    else problems.push({ field: 'source', message: `must be one of ${PARKED_SOURCES.join(', ')}` });
  }
  if (q.after !== undefined && q.after !== '') {
    if (typeof q.after === 'string' && /^\d{1,18}$/.test(q.after)) after = q.after;
    else problems.push({ field: 'after', message: "must be the previous page's next" });
  }
  if (q.limit !== undefined && q.limit !== '') {
    const n = typeof q.limit === 'string' && /^\d{1,6}$/.test(q.limit) ? Number(q.limit) : NaN;
    if (n >= 1 && n <= PARKED_PAGE_MAX) limit = n;
    else problems.push({ field: 'limit', message: `must be a whole number from 1 to ${PARKED_PAGE_MAX}` });
  }
  if (problems.length > 0) throw new EngagementError('invalid_request', 'the parked query is invalid', problems);
  return { source, after, limit };
}

/** An inbox row as read for the lead's journey. */
export interface LeadEventRow {
  id: string;
  kind: EngagementEventKind;
  occurred_at: Date | string;
  received_at: Date | string;
  campaign_id: string | null;
  enrolment_id: string | null;
  step: number | null;
  machine: boolean;
  machine_reason: string | null;
  detail: string | null;
  state: InboxState;
}

export function leadEngagementEventOf(r: LeadEventRow): LeadEngagementEvent {
  return {
    id: String(r.id),
    kind: r.kind,
    at: iso(r.occurred_at),
    receivedAt: iso(r.received_at),
    campaignId: r.campaign_id,
    enrolmentId: r.enrolment_id,
    step: r.step,
    machine: r.machine,
    machineReason: r.machine_reason,
    detail: r.detail,
    state: r.state,
  };
}

/** A parked inbox row, with its reply's sender and subject when it came through Inbound Parse. */
export interface ParkedRow {
  id: string;
  source: ParkedItem['source'];
  kind: EngagementEventKind;
  received_at: Date | string;
  parked_reason: string | null;
  email: string | null;
  detail: string | null;
  sg_message_id: string | null;
  from_address: string | null;
  subject: string | null;
}

export function parkedItemOf(r: ParkedRow): ParkedItem {
  const email = r.email ?? r.from_address ?? null;
  return {
    id: String(r.id),
    source: r.source,
    kind: r.kind,
    receivedAt: iso(r.received_at),
    reason: r.parked_reason ?? 'not tied to an enrolment',
    email,
    summary: clip(summaryOf(r, email)),
  };
}

function summaryOf(r: ParkedRow, email: string | null): string {
  if (r.source === 'inbound-parse') {
    const subject = (r.subject ?? '').trim();
    return `${r.kind === 'reply' ? 'Reply' : r.kind === 'out_of_office' ? 'Out-of-office reply' : 'Auto-reply'} from ${email ?? 'an unknown sender'}${subject ? `: "${subject}"` : ' (no subject)'}`;
  }
  const parts = [`${r.kind} for ${email ?? 'an unknown address'}`];
  if (r.sg_message_id) parts.push(`message ${r.sg_message_id}`);
  if (r.detail) parts.push(r.detail);
  return parts.join(', ');
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= SUMMARY_MAX ? line : `${line.slice(0, SUMMARY_MAX - 1)}…`;
}

const iso = (v: Date | string): string => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

/** The inbox as people read it: a lead's events (its journey) and what was parked for a person. */
@Injectable()
export class EngagementReads {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every inbox row tied to the lead (events and replies, applied, pending or parked), oldest first. */
  async leadEvents(leadId: string, campaignId: string | null): Promise<LeadEngagementEvent[]> {
    const rows: LeadEventRow[] = await this.db.query(
      `SELECT id, kind, occurred_at, received_at, campaign_id, enrolment_id, step, machine, machine_reason, detail, state
         FROM engagement.inbox
        WHERE lead_id = $1 AND ($2::text IS NULL OR campaign_id = $2)
        ORDER BY occurred_at, id`,
      [leadId, campaignId],
    );
    return rows.map(leadEngagementEventOf);
  }

  /** Parked rows oldest first, `next` the last id of a full page. */
  async parked(q: ParkedQuery): Promise<{ items: ParkedItem[]; next: string | null }> {
    const rows: ParkedRow[] = await this.db.query(
      `SELECT i.id, i.source, i.kind, i.received_at, i.parked_reason, i.email, i.detail, i.sg_message_id, r.from_address, r.subject
         FROM engagement.inbox i
         LEFT JOIN engagement.replies r ON r.inbox_id = i.id
        WHERE i.state = 'parked' AND ($1::text IS NULL OR i.source = $1) AND ($2::bigint IS NULL OR i.id > $2::bigint)
        ORDER BY i.id
        LIMIT $3`,
      [q.source, q.after, q.limit],
    );
    const items = rows.map(parkedItemOf);
    return { items, next: items.length === q.limit ? items[items.length - 1]!.id : null };
  }
}
