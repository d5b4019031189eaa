import { mergeLead, type LeadInput, type LeadSource } from '#libs/lead-intake';
import type { StagedLead } from './lead-batch-writer.js';

/**
 * One row per email within a batch, merged by libs/lead-intake's rules (same source, so the later row's
 * non-empty values win and technologies union). Keeps the database's merge to one row per lead, and the last
 * line as the lead's provenance line.
 */
export function collapseBatch(batch: readonly StagedLead[], source: LeadSource, seenAt: string): StagedLead[] {
  const byEmail = new Map<string, StagedLead>();
  for (const row of batch) {
    const earlier = byEmail.get(row.lead.email);
    if (!earlier) {
      byEmail.set(row.lead.email, row);
      continue;
    }
    const { email: _email, ...fields } = earlier.lead;
    const merged = mergeLead({ fields, fieldSources: {} }, { fields: row.lead, source, seenAt });
    byEmail.set(row.lead.email, { lead: { email: row.lead.email, ...merged.fields } as LeadInput, line: row.line });
  }
  return byEmail.size === batch.length ? (batch as StagedLead[]) : [...byEmail.values()];
}
