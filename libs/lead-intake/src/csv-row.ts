import { normaliseEmail } from './email.js';
import { assignField, cleanText, finishRegion } from './field-rules.js';
import { canonicalFieldForHeader, type CanonicalField, type LeadInput } from './lead-fields.js';

export type HeaderMapping =
  | { ok: true; columns: (CanonicalField | null)[]; unknown: string[] }
  | { ok: false; reason: string };

export type RowResult = { ok: true; lead: LeadInput } | { ok: false; line: number; field?: string; reason: string };

/**
 * Map CSV headers to canonical fields. Unknown headers are ignored (column → null) and listed. Empty headers
 * are refused, except trailing ones: a delimiter at the end of every line is a common spreadsheet artefact.
 */
export function mapHeader(headers: readonly string[]): HeaderMapping {
  const names = headers.map((h) => h.replace(/[\0\uFEFF]/g, '').trim());
  let last = names.length - 1;
  while (last >= 0 && names[last] === '') last--;
  if (last < 0) return { ok: false, reason: 'header row is empty' };

  const columns: (CanonicalField | null)[] = [];
  const unknown: string[] = [];
  const seenAt = new Map<CanonicalField, number>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name === '') {
      if (i < last) return { ok: false, reason: `header at column ${i + 1} is empty` };
      columns.push(null);
      continue;
    }
    const field = canonicalFieldForHeader(name);
    if (field === null) {
      unknown.push(name);
      columns.push(null);
      continue;
    }
    const first = seenAt.get(field);
    if (first !== undefined) {
      const other = names[first]!;
      return {
        ok: false,
        reason:
          other.toLowerCase() === name.toLowerCase()
            ? `duplicate header ${JSON.stringify(name)} at columns ${first + 1} and ${i + 1}`
            : `headers ${JSON.stringify(other)} (column ${first + 1}) and ${JSON.stringify(name)} (column ${i + 1}) both map to ${field}`,
      };
    }
    seenAt.set(field, i);
    columns.push(field);
  }
  if (!seenAt.has('email')) {
    const dataAt = names.findIndex((n) => n.includes('@') && normaliseEmail(n).ok);
    return {
      ok: false,
      reason:
        dataAt >= 0
          ? `no header row: the first line looks like data (column ${dataAt + 1} is an email address); add a header such as email,first_name,last_name`
          : 'header has no email column (expected a header such as "email", "E-mail" or "Email Address")',
    };
  }
  return { ok: true, columns, unknown };
}

/**
 * Validate one data row against the mapped columns. Values are trimmed; empty cells are omitted. Cells that
 * start with = + - @ are kept as they are: they are data, and exports escape them (escapeCsvFormula).
 */
export function validateRow(cells: readonly string[], columns: readonly (CanonicalField | null)[], line: number): RowResult {
  if (cells.length !== columns.length) {
    return { ok: false, line, reason: `row has ${cells.length} cell${cells.length === 1 ? '' : 's'} but the header has ${columns.length} columns` };
  }
  const lead: Partial<LeadInput> = {};
  for (let i = 0; i < cells.length; i++) {
    const field = columns[i]!;
    // Every cell, mapped or not, is checked for binary junk: it means the row is corrupt.
    const cell = cleanText(cells[i]!, field ?? `column ${i + 1}`);
    if (typeof cell !== 'string') return { ok: false, line, field: field ?? `column ${i + 1}`, reason: cell.reason };
    if (field === null) continue;
    const problem = assignField(lead, field, cell);
    if (problem !== undefined) return { ok: false, line, field, reason: problem };
  }
  if (lead.email === undefined) return { ok: false, line, field: 'email', reason: 'email is empty' };
  const regionProblem = finishRegion(lead);
  if (regionProblem !== undefined) return { ok: false, line, field: 'region', reason: regionProblem };
  return { ok: true, lead: lead as LeadInput };
}
