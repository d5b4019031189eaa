import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { encodeSuppressionCursor, type SuppressionCursor } from './suppression-cursor.js';
import { emailDomain, type SuppressionKind } from './suppression-value.js';

export interface Suppression {
  kind: SuppressionKind;
  value: string;
  reason: string | null;
  createdAt: string;
}

export interface SuppressionPage {
  items: Suppression[];
  next: string | null;
}

/** Of the emails asked about, those whose address or domain is listed, and why each one. */
export interface SuppressionCheck {
  suppressed: string[];
  matches: Array<{ email: string; address: boolean; domain: boolean }>;
}

interface Row {
  kind: SuppressionKind;
  value: string;
  reason: string | null;
  created_key: string;
}

type Queryable = Pick<DataSource | EntityManager, 'query'>;

// Microsecond UTC text: the cursor must compare exactly what the index orders by.
const CREATED_KEY = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key`;

/**
 * The global do-not-contact list: addresses and domains nobody is sent to and that never qualify, whatever a
 * campaign's rules say. The service that sends owns it, so the sender checks it in the transaction that claims a
 * send. Every add and lift is written to suppression_events in the same statement, for the audit trail.
 */
@Injectable()
export class SuppressionList {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(o: { after: SuppressionCursor | null; limit: number; kind?: SuppressionKind }): Promise<SuppressionPage> {
    const kind = o.kind ?? null;
    const rows: Row[] = o.after
      ? await this.db.query(
          `SELECT kind, value, reason, ${CREATED_KEY} FROM nurture.suppressions
           WHERE ($1::text IS NULL OR kind = $1) AND (created_at, kind, value) < ($2::timestamptz, $3::text, $4::text)
           ORDER BY created_at DESC, kind DESC, value DESC LIMIT $5`,
          [kind, o.after.createdAt, o.after.kind, o.after.value, o.limit],
        )
      : await this.db.query(
          `SELECT kind, value, reason, ${CREATED_KEY} FROM nurture.suppressions
           WHERE ($1::text IS NULL OR kind = $1) ORDER BY created_at DESC, kind DESC, value DESC LIMIT $2`,
          [kind, o.limit],
        );
    const items = rows.map(toSuppression);
    const last = rows[rows.length - 1];
    return { items, next: rows.length === o.limit && last ? encodeSuppressionCursor({ createdAt: last.created_key, kind: last.kind, value: last.value }) : null };
  }

  async get(kind: SuppressionKind, value: string, db: Queryable = this.db): Promise<Suppression | null> {
    const [row]: Row[] = await db.query(`SELECT kind, value, reason, ${CREATED_KEY} FROM nurture.suppressions WHERE kind = $1 AND value = $2`, [kind, value]);
    return row ? toSuppression(row) : null;
  }

  /**
   * Idempotent: suppressing what is already suppressed keeps the first entry and its reason. `db` lets an opt-out
   * suppress inside its own transaction.
   */
  async add(kind: SuppressionKind, value: string, reason: string | null, db: Queryable = this.db): Promise<Suppression & { created: boolean }> {
    for (;;) {
      const [added]: Row[] = await db.query(
        `WITH added AS (
           INSERT INTO nurture.suppressions (kind, value, reason) VALUES ($1, $2, $3)
           ON CONFLICT (kind, value) DO NOTHING RETURNING kind, value, reason, created_at
         ), audit AS (
           INSERT INTO nurture.suppression_events (action, kind, value, reason) SELECT 'added', kind, value, reason FROM added
         )
         SELECT kind, value, reason, ${CREATED_KEY} FROM added`,
        [kind, value, reason],
      );
      if (added) return { ...toSuppression(added), created: true };
      // Already listed (possibly by a concurrent request that committed after this statement's snapshot).
      const existing = await this.get(kind, value, db);
      if (existing) return { ...existing, created: false };
      // Lifted again in between: add it now.
    }
  }

  /** False when nothing was listed under that kind and value. */
  async remove(kind: SuppressionKind, value: string): Promise<boolean> {
    const [{ removed }]: Array<{ removed: number }> = await this.db.query(
      `WITH removed AS (
         DELETE FROM nurture.suppressions WHERE kind = $1 AND value = $2 RETURNING kind, value, reason
       ), audit AS (
         INSERT INTO nurture.suppression_events (action, kind, value, reason) SELECT 'removed', kind, value, reason FROM removed
       )
       SELECT count(*)::int AS removed FROM removed`,
      [kind, value],
    );
    return removed > 0;
  }

  /**
   * Which of these (normalised) emails are suppressed, by address or by domain: one query for a whole page of
   * leads, both lookups on the primary key.
   */
  async check(emails: readonly string[], db: Queryable = this.db): Promise<SuppressionCheck> {
    const distinct = [...new Set(emails)];
    if (distinct.length === 0) return { suppressed: [], matches: [] };
    const domains = [...new Set(distinct.map(emailDomain).filter((d): d is string => d !== null))];
    const rows: Array<{ kind: SuppressionKind; value: string }> = await db.query(
      `SELECT kind, value FROM nurture.suppressions
       WHERE (kind = 'address' AND value = ANY($1::text[])) OR (kind = 'domain' AND value = ANY($2::text[]))`,
      [distinct, domains],
    );
    return suppressionMatches(distinct, rows);
  }
}

/** Pure: which emails the listed entries hit, each saying whether by its address, its domain or both. */
export function suppressionMatches(emails: readonly string[], listed: ReadonlyArray<{ kind: SuppressionKind; value: string }>): SuppressionCheck {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  for (const r of listed) (r.kind === 'address' ? addresses : domains).add(r.value);
  const matches: SuppressionCheck['matches'] = [];
  for (const email of new Set(emails)) {
    const domain = emailDomain(email);
    const hit = { email, address: addresses.has(email), domain: domain !== null && domains.has(domain) };
    if (hit.address || hit.domain) matches.push(hit);
  }
  return { suppressed: matches.map((m) => m.email), matches };
}

function toSuppression(r: Row): Suppression {
  return { kind: r.kind, value: r.value, reason: r.reason, createdAt: r.created_key };
}
