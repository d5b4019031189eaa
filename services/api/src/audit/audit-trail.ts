import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface AuditEntry {
  id: string;
  keyId: string;
  method: string;
  route: string;
  target: Record<string, string>;
  status: number;
  at: string;
}

/** Who changed what: one row per change (or refused attempt) made with an API key, in api.audit_entries. */
@Injectable()
export class AuditTrail {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(e: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.db.query(`INSERT INTO api.audit_entries (key_id, method, route, target, status) VALUES ($1, $2, $3, $4, $5)`, [e.keyId, e.method, e.route, JSON.stringify(e.target), e.status]);
  }

  /** Newest first; `before` is the id of the last entry of the previous page. The table-qualified ORDER BY sorts
   *  by the bigint: a bare `id` names the text output column, which put entry 999 above entry 1000. */
  async list(q: { keyId?: string; before?: string; limit: number }): Promise<{ items: AuditEntry[]; next: string | null }> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT id::text, key_id, method, route, target, status, at FROM api.audit_entries
        WHERE ($1::text IS NULL OR key_id = $1) AND ($2::bigint IS NULL OR id < $2::bigint)
        ORDER BY audit_entries.id DESC LIMIT $3`,
      [q.keyId ?? null, q.before ?? null, q.limit + 1],
    );
    const items = rows.slice(0, q.limit).map((r) => ({
      id: r.id as string,
      keyId: r.key_id as string,
      method: r.method as string,
      route: r.route as string,
      target: r.target as Record<string, string>,
      status: r.status as number,
      at: (r.at as Date).toISOString(),
    }));
    return { items, next: rows.length > q.limit ? items[items.length - 1]!.id : null };
  }
}
