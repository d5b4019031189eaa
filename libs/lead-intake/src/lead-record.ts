import { assignField, cleanText, finishRegion } from './field-rules.js';
import { CANONICAL_FIELDS, type CanonicalField, type LeadInput } from './lead-fields.js';

export type LeadRecordResult =
  | { ok: true; lead: LeadInput }
  | { ok: false; problems: Array<{ field: string; reason: string }> };

const KNOWN = new Set<string>(CANONICAL_FIELDS);

/**
 * A lead given as an object keyed by canonical field names (API body, web form, people-search result): the
 * same rules as a CSV cell, and every problem is listed, not just the first. employeeCount may be a number and
 * technologies an array of strings. Unknown keys are ignored unless `rejectUnknown`.
 */
export function validateLeadRecord(record: Readonly<Record<string, unknown>>, options: { rejectUnknown?: boolean } = {}): LeadRecordResult {
  const lead: Partial<LeadInput> = {};
  const problems: Array<{ field: string; reason: string }> = [];
  for (const key of Object.keys(record)) {
    if (!KNOWN.has(key)) {
      if (options.rejectUnknown) problems.push({ field: key, reason: 'unknown field' });
      continue;
    }
    const problem = assignValue(lead, key as CanonicalField, record[key]);
    if (problem !== undefined) problems.push({ field: key, reason: problem });
  }
  const regionProblem = finishRegion(lead);
  if (regionProblem !== undefined) problems.push({ field: 'region', reason: regionProblem });
  if (lead.email === undefined && !problems.some((p) => p.field === 'email')) problems.push({ field: 'email', reason: 'email is required' });
  return problems.length === 0 ? { ok: true, lead: lead as LeadInput } : { ok: false, problems };
}

function assignValue(lead: Partial<LeadInput>, field: CanonicalField, value: unknown): string | undefined {
  if (value === undefined || value === null) return;
  if (field === 'employeeCount' && typeof value === 'number') {
    if (!Number.isFinite(value)) return 'employeeCount must be a whole number of 0 or more';
    return assignValue(lead, field, String(value));
  }
  if (field === 'technologies' && Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string')) return 'technologies must be a list of strings';
    return assignValue(lead, field, value.join(';'));
  }
  if (typeof value !== 'string') return `${field} must be a string`;
  const text = cleanText(value, field);
  if (typeof text !== 'string') return text.reason;
  return assignField(lead, field, text);
}
