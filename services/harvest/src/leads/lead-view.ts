import type { Lead } from './lead.entity.js';

export interface ProvenanceRow {
  source: string;
  first_seen_at: Date;
  last_seen_at: Date;
  times_seen: number;
  import_id: string | null;
  line: number | null;
  request_id: string | null;
  source_ref: string | null;
  refused_fields: string[];
}

/** Explicit mapping: the API never sees entities or column names. */
export function toLeadView(lead: Lead, campaigns: string[], provenance?: ProvenanceRow[]) {
  const fieldSources = Object.fromEntries(Object.entries(lead.fieldSources).map(([col, src]) => [col.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), src]));
  return {
    id: lead.id,
    email: lead.email,
    firstName: lead.firstName,
    lastName: lead.lastName,
    title: lead.title,
    company: lead.company,
    companyDomain: lead.companyDomain,
    industry: lead.industry,
    employeeCount: lead.employeeCount,
    revenueBand: lead.revenueBand,
    country: lead.country,
    region: lead.region,
    city: lead.city,
    timeZone: lead.timeZone,
    phone: lead.phone,
    linkedinUrl: lead.linkedinUrl,
    website: lead.website,
    technologies: lead.technologies,
    notes: lead.notes,
    campaigns,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
    ...(provenance
      ? {
          fieldSources,
          provenance: provenance.map((p) => ({
            source: p.source,
            firstSeenAt: p.first_seen_at.toISOString(),
            lastSeenAt: p.last_seen_at.toISOString(),
            timesSeen: p.times_seen,
            importId: p.import_id,
            line: p.line,
            requestId: p.request_id,
            sourceRef: p.source_ref,
            // Fields this source's latest sighting offered but was not trusted to change (a form never overwrites).
            refusedFields: p.refused_fields,
          })),
        }
      : {}),
  };
}
export type LeadView = ReturnType<typeof toLeadView>;
