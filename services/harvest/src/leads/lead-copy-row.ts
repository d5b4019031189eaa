import type { LeadInput, LeadSource } from '#libs/lead-intake';
import { copyField, copyTextArray } from './copy-text.js';
import { scalarLeadColumns } from './lead-columns.js';

/**
 * A lead ready for COPY: its email (the identity the writer sorts and looks up by), its source line, and the
 * COPY text of the fields both write paths share. Plain strings, so a parsing thread can make them and post them
 * cheaply.
 */
export interface EncodedLead {
  email: string;
  line?: number;
  fields: string;
}

export function encodeLead(lead: LeadInput, source: LeadSource, line?: number): EncodedLead {
  return { email: lead.email, line, fields: encodeLeadFields(lead, source) };
}

/** email, the scalar columns, technologies (text[]), field_sources (jsonb): the columns both paths share. */
export function encodeLeadFields(lead: LeadInput, source: LeadSource): string {
  let row = copyField(lead.email);
  let sources = '';
  for (const [field, column] of scalarLeadColumns) {
    const value = (lead as unknown as Record<string, unknown>)[field];
    row += '\t' + copyField(value);
    if (value !== undefined && value !== null && value !== '') sources += `${sources ? ',' : ''}"${column}":"${source}"`;
  }
  return row + '\t' + copyTextArray(lead.technologies) + '\t' + copyField(`{${sources}}`);
}
