import { normaliseEmail } from './email.js';
import { normaliseCountry, normaliseRegion, normaliseTimeZone, parseEmployeeCount, splitTechnologies } from './field-values.js';
import { FIELD_MAX_LENGTH, type CanonicalField, type LeadInput } from './lead-fields.js';

/** The per-field rules shared by CSV rows and object records (API, web form, people search). */

// Anything that needs a closer look: C0 controls other than tab/LF/CR, and U+FFFD (bytes that were not UTF-8).
const SUSPECT = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFD]/;
const CONTROL = /[\x01-\x08\x0B\x0C\x0E-\x1F]/;

/** The text with NUL bytes removed, or a reason when it is binary junk or mis-decoded. */
export function cleanText(value: string, where: string): string | { reason: string } {
  if (!SUSPECT.test(value)) return value;
  if (value.includes('\uFFFD')) return { reason: `${where}: text is not valid UTF-8 (is the file in another encoding?)` };
  const cleaned = value.replace(/\0/g, ''); // NUL bytes are padding from broken exports; the rest is fine
  const control = CONTROL.exec(cleaned);
  if (!control) return cleaned;
  const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return { reason: `${where}: binary data (control character U+${code})` };
}

/**
 * Trims and checks one text value and stores it on `lead`; returns a reason when it is invalid. Empty values
 * are left out. Values starting with = + - @ are stored as they are (exports escape them).
 */
export function assignField(lead: Partial<LeadInput>, field: CanonicalField, raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return;
  const max = FIELD_MAX_LENGTH[field];
  if (value.length > max) return `${field} is ${value.length} characters long; the limit is ${max}`;
  switch (field) {
    case 'email': {
      const email = normaliseEmail(value);
      if (!email.ok) return `email: ${email.reason}`;
      lead.email = email.email;
      return;
    }
    case 'employeeCount': {
      const count = parseEmployeeCount(value);
      if (!count.ok) return count.reason;
      lead.employeeCount = count.value;
      return;
    }
    case 'country': {
      const country = normaliseCountry(value);
      if (!country.ok) return country.reason;
      lead.country = country.value;
      return;
    }
    case 'region':
      // Checked against the country once the whole record is read (finishRegion): the columns come in any order.
      lead.region = value;
      return;
    case 'timeZone': {
      const zone = normaliseTimeZone(value);
      if (!zone.ok) return zone.reason;
      lead.timeZone = zone.value;
      return;
    }
    case 'technologies': {
      const list = splitTechnologies(value);
      if (list.length > 0) lead.technologies = list;
      return;
    }
    case 'companyDomain':
      lead.companyDomain = value.toLowerCase();
      return;
    default:
      lead[field] = value;
  }
}

/**
 * Completes and checks the region against the record's country, after every field is assigned. Returns a reason
 * naming the field when the region is malformed or lies in another country.
 */
export function finishRegion(lead: Partial<LeadInput>): string | undefined {
  if (lead.region === undefined) return;
  const region = normaliseRegion(lead.region, lead.country);
  if (!region.ok) {
    delete lead.region;
    return region.reason;
  }
  lead.region = region.value;
  return;
}
