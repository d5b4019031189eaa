import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { encodeSuppressionCursor, type SuppressionCursor } from './suppression-cursor.js';
import type { SuppressionKind } from './suppression-value.js';

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

/** Which of a page's addresses and domains are on the list. */
export interface SuppressedSet {
  addresses: ReadonlySet<string>;
  domains: ReadonlySet<string>;
}

interface Row {
  kind: SuppressionKind;
  value: string;
  reason: string | null;
  created_key: string;
}

// Microsecond UTC text: the cursor must compare exactly what the index orders by.
const CREATED_KEY = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key`;

/**
 * The global do-not-contact list: addresses and domains that never qualify, whatever a campaign's
 * rules say. Every add and remove is written to suppression_events in the same statement, for the audit trail.
 */
@Injectable()
export class SuppressionList {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(o: { after: SuppressionCursor | null; limit: number; kind?: SuppressionKind }): Promise<SuppressionPage> {
    const kind = o.kind ?? null;
    const rows: Row[] = o.after
      ? await this.db.query(
          `SELECT kind, value, reason, ${CREATED_KEY} FROM qualification.suppressions
           WHERE ($1::text IS NULL OR kind = $1) AND (created_at, kind, value) < ($2::timestamptz, $3::text, $4::text)
           ORDER BY created_at DESC, kind DESC, value DESC LIMIT $5`,
          [kind, o.after.createdAt, o.after.kind, o.after.value, o.limit],
        )
      : await this.db.query(
          `SELECT kind, value, reason, ${CREATED_KEY} FROM qualification.suppressions
           WHERE ($1::text IS NULL OR kind = $1) ORDER BY created_at DESC, kind DESC, value DESC LIMIT $2`,
          [kind, o.limit],
        );
    const items = rows.map(toSuppression);
    const last = rows[rows.length - 1];
    return { items, next: rows.length === o.limit && last ? encodeSuppressionCursor({ createdAt: last.created_key, kind: last.kind, value: last.value }) : null };
  }

  async get(kind: SuppressionKind, value: string): Promise<Suppression | null> {
    const [row]: Row[] = await this.db.query(`SELECT kind, value, reason, ${CREATED_KEY} FROM qualification.suppressions WHERE kind = $1 AND value = $2`, [kind, value]);
    return row ? toSuppression(row) : null;
  }

  /** Idempotent: suppressing what is already suppressed keeps the first entry and its reason. */
  async add(kind: SuppressionKind, value: string, reason: string | null): Promise<Suppression & { created: boolean }> {
    const [added]: Row[] = await this.db.query(
      `WITH added AS (
         INSERT INTO qualification.suppressions (kind, value, reason) VALUES ($1, $2, $3)
         ON CONFLICT (kind, value) DO NOTHING RETURNING kind, value, reason, created_at
       ), audit AS (
         INSERT INTO qualification.suppression_events (action, kind, value, reason) SELECT 'added', kind, value, reason FROM added
       )
       SELECT kind, value, reason, ${CREATED_KEY} FROM added`,
      [kind, value, reason],
    );
    if (added) return { ...toSuppression(added), created: true };
    // Already listed (possibly by a concurrent request that committed after this statement's snapshot).
    const existing = await this.get(kind, value);
    if (existing) return { ...existing, created: false };
    return this.add(kind, value, reason); // removed again in between: add it now
  }

  /** False when nothing was listed under that kind and value. */
  async remove(kind: SuppressionKind, value: string): Promise<boolean> {
    const [{ removed }]: Array<{ removed: number }> = await this.db.query(
      `WITH removed AS (
         DELETE FROM qualification.suppressions WHERE kind = $1 AND value = $2 RETURNING kind, value, reason
       ), audit AS (
         INSERT INTO qualification.suppression_events (action, kind, value, reason) SELECT 'removed', kind, value, reason FROM removed
       )
       SELECT count(*)::int AS removed FROM removed`,
      [kind, value],
    );
    return removed > 0;
  }

  /** One query for a whole page of leads: both lookups ride the primary key. */
  async matching(addresses: readonly string[], domains: readonly string[]): Promise<SuppressedSet> {
    const found = { addresses: new Set<string>(), domains: new Set<string>() };
    if (addresses.length === 0 && domains.length === 0) return found;
    const rows: Array<{ kind: SuppressionKind; value: string }> = await this.db.query(
      `SELECT kind, value FROM qualification.suppressions
       WHERE (kind = 'address' AND value = ANY($1::text[])) OR (kind = 'domain' AND value = ANY($2::text[]))`,
      [addresses, domains],
    );
    for (const r of rows) (r.kind === 'address' ? found.addresses : found.domains).add(r.value);
    return found;
  }
}

function toSuppression(r: Row): Suppression {
  return { kind: r.kind, value: r.value, reason: r.reason, createdAt: r.created_key };
}
