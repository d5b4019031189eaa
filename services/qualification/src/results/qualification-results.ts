import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EmailReason, EmailVerdict, IntentMatch, QualificationDecision, QualificationReason } from '#libs/lead-qualification';
import type { LeadUnderReview } from '../leads/lead-under-review.js';
import type { QualificationRow, StoredJudgement } from './page-judgement.js';

/** A lead's stored qualification, as the internal route answers it. */
export interface LeadQualificationView {
  campaignId: string;
  leadId: string;
  decision: QualificationDecision;
  reasons: QualificationReason[];
  email: { address: string; domain: string | null; verdict: EmailVerdict; reasons: EmailReason[] };
  intent: { matched: IntentMatch[] };
  suppressed: boolean;
  ruleSetVersion: number;
  leadUpdatedAt: string;
  runId: string;
  qualifiedAt: string;
}

/**
 * qualification.results: one row per (campaign, lead), the latest judgement with everything that explains it.
 * Every statement here is set-based: a page of thousands of leads is one read and one write.
 */
@Injectable()
export class QualificationResults {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The stored judgement of each lead of the page that has one, and whether it is stale: judged under another
   * rule-set version, from fields harvest has changed since (timestamps compared in SQL, to the microsecond), or
   * left without a DNS answer. Harvest pages are ordered by lead id, so the page is one range of the primary key:
   * the planner reads ~a page of index entries instead of hashing the campaign's whole table.
   */
  async storedFor(campaignId: string, ruleSetVersion: number, leads: readonly LeadUnderReview[]): Promise<Map<string, StoredJudgement>> {
    const stored = new Map<string, StoredJudgement>();
    if (leads.length === 0) return stored;
    const ids = leads.map((l) => l.id);
    let low = ids[0]!;
    let high = ids[0]!;
    for (const id of ids) {
      if (id < low) low = id;
      if (id > high) high = id;
    }
    const rows: Array<{ lead_id: string; decision: QualificationDecision; email_verdict: EmailVerdict; suppressed: boolean; stale: boolean }> = await this.db.query(
      `SELECT r.lead_id, r.decision, r.email_verdict, r.suppressed,
              (r.rule_set_version <> $2 OR r.lead_updated_at IS DISTINCT FROM p.updated_at OR r.dns_unverified) AS stale
       FROM qualification.results r
       JOIN unnest($3::uuid[], $4::timestamptz[]) AS p(lead_id, updated_at) ON p.lead_id = r.lead_id
       WHERE r.campaign_id = $1 AND r.lead_id BETWEEN $5::uuid AND $6::uuid`,
      [campaignId, ruleSetVersion, ids, leads.map((l) => l.updatedAt), low, high],
    );
    for (const r of rows) stored.set(r.lead_id, { decision: r.decision, emailVerdict: r.email_verdict, suppressed: r.suppressed, stale: r.stale });
    return stored;
  }

  /**
   * One INSERT … ON CONFLICT for the whole page, its rows passed as one JSON document and unpacked by
   * jsonb_to_recordset (measured faster than eleven unnest()ed arrays: one parameter, no array-literal escaping).
   * A page's results land together or not at all.
   */
  async upsert(campaignId: string, ruleSetVersion: number, runId: string, rows: readonly QualificationRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO qualification.results AS r
         (campaign_id, lead_id, email, email_domain, email_verdict, email_reasons, decision, reasons, intent,
          suppressed, dns_unverified, rule_set_version, lead_updated_at, run_id, qualified_at)
       SELECT $1, u."leadId", u.address, u.domain, u."emailVerdict", u."emailReasons", u.decision, u.reasons, u.intent,
              u.suppressed, u."dnsUnverified", $2, u."leadUpdatedAt", $3, now()
       FROM jsonb_to_recordset($4::jsonb) AS u(
         "leadId" uuid, address text, domain text, "emailVerdict" text, "emailReasons" jsonb, decision text, reasons jsonb,
         intent jsonb, suppressed boolean, "dnsUnverified" boolean, "leadUpdatedAt" timestamptz)
       ON CONFLICT (campaign_id, lead_id) DO UPDATE SET
         email = excluded.email, email_domain = excluded.email_domain, email_verdict = excluded.email_verdict,
         email_reasons = excluded.email_reasons, decision = excluded.decision, reasons = excluded.reasons,
         intent = excluded.intent, suppressed = excluded.suppressed, dns_unverified = excluded.dns_unverified,
         rule_set_version = excluded.rule_set_version, lead_updated_at = excluded.lead_updated_at,
         run_id = excluded.run_id, qualified_at = excluded.qualified_at`,
      [campaignId, ruleSetVersion, runId, JSON.stringify(rows)],
    );
  }

  async get(campaignId: string, leadId: string): Promise<LeadQualificationView | null> {
    const [r] = await this.db.query(
      `SELECT campaign_id, lead_id, decision, reasons, email, email_domain, email_verdict, email_reasons, intent, suppressed,
              rule_set_version, lead_updated_at, run_id, qualified_at
       FROM qualification.results WHERE campaign_id = $1 AND lead_id = $2`,
      [campaignId, leadId],
    );
    if (!r) return null;
    return {
      campaignId: r.campaign_id,
      leadId: r.lead_id,
      decision: r.decision,
      reasons: r.reasons,
      email: { address: r.email, domain: r.email_domain, verdict: r.email_verdict, reasons: r.email_reasons },
      intent: { matched: r.intent },
      suppressed: r.suppressed,
      ruleSetVersion: r.rule_set_version,
      leadUpdatedAt: new Date(r.lead_updated_at).toISOString(),
      runId: r.run_id,
      qualifiedAt: new Date(r.qualified_at).toISOString(),
    };
  }

  /**
   * Qualified leads for routing, keyset on lead id, with the address and domain each was judged with, so the
   * caller can leave out those suppressed since (see QualifiedLeads). `next` follows the rows read, not those kept.
   */
  async qualifiedPage(campaignId: string, after: string | null, limit: number): Promise<{ items: QualifiedCandidate[]; next: string | null }> {
    const rows: Array<{ lead_id: string; email_verdict: EmailVerdict; rule_set_version: number; email: string; email_domain: string | null }> = await this.db.query(
      `SELECT r.lead_id, r.email_verdict, r.rule_set_version, r.email, r.email_domain FROM qualification.results r
       WHERE r.campaign_id = $1 AND r.decision = 'qualified' AND ($2::uuid IS NULL OR r.lead_id > $2::uuid)
       ORDER BY r.lead_id LIMIT $3`,
      [campaignId, after, limit],
    );
    const items = rows.map((r) => ({ leadId: r.lead_id, emailVerdict: r.email_verdict, ruleSetVersion: r.rule_set_version, email: r.email, domain: r.email_domain }));
    return { items, next: items.length === limit ? items[items.length - 1]!.leadId : null };
  }
}

/** A qualified lead as stored, before the suppression list has had its say. */
export interface QualifiedCandidate {
  leadId: string;
  emailVerdict: EmailVerdict;
  ruleSetVersion: number;
  email: string;
  domain: string | null;
}
