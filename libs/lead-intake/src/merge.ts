import { regionCountry } from './field-values.js';
import { CANONICAL_FIELDS, type LeadInput } from './lead-fields.js';

/**
 * Merge precedence when one person arrives from several sources. Higher rank = more trusted:
 * a person typed it (api) > an operator's list (csv) > a vendor's database (people-search) > a public web form.
 * Anyone can post a public form with anyone's address, so a form only fills empty fields (and fields an earlier
 * form filled); it never overwrites what an import, the API or a connector stored.
 * SQL that merges in bulk must use the same numbers (harvest.source_rank).
 */
export const SOURCE_RANK = { api: 4, csv: 3, 'people-search': 2, 'web-form': 1 } as const;

export type LeadSource = keyof typeof SOURCE_RANK;
/** Every field except the identity (email), which is never merged. */
export type MergeField = Exclude<keyof LeadInput, 'email'>;
export type LeadFields = { [K in MergeField]?: LeadInput[K] };
/** Which source supplied each stored field value (harvest.leads.field_sources). */
export type FieldSources = { [K in MergeField]?: LeadSource };

export interface StoredLead {
  fields: LeadFields;
  fieldSources: FieldSources;
  /**
   * When the stored values were last written (ISO 8601), if known. Only used at equal rank: an incoming
   * sighting older than this (a late, out-of-order delivery) does not overwrite. Omitted: incoming is newer.
   */
  seenAt?: string;
}
export interface IncomingLead {
  /** `email` may be present; it is ignored (identity is decided before merging). */
  fields: LeadFields & { email?: string };
  source: LeadSource;
  seenAt: string;
}
export interface MergeResult {
  fields: LeadFields;
  fieldSources: FieldSources;
  /** Fields whose value changed, in canonical order. */
  changed: MergeField[];
  /** Fields the incoming source offered a different value for but was not trusted to change, in canonical order. */
  refused: MergeField[];
}

const MERGE_FIELDS = CANONICAL_FIELDS.filter((f): f is MergeField => f !== 'email');

/**
 * Field by field: a non-empty incoming value replaces the stored one when its source ranks at least as high
 * as the stored field's source; at equal rank the newer sighting wins (ties, or no stored time: incoming).
 * Empty incoming values never erase. Technologies are unioned. A winning source also takes over the field's
 * provenance when the value is unchanged, so a value confirmed by a person is protected from vendor data.
 */
export function mergeLead(existing: StoredLead, incoming: IncomingLead): MergeResult {
  const incomingTime = parseTime(incoming.seenAt, 'incoming.seenAt');
  const fields: LeadFields = { ...existing.fields };
  const fieldSources: FieldSources = { ...existing.fieldSources };
  const changed: MergeField[] = [];
  const refused: MergeField[] = [];
  const storedTime = existing.seenAt === undefined ? undefined : parseTime(existing.seenAt, 'existing.seenAt');
  const newer = storedTime === undefined || incomingTime >= storedTime;
  const rank = SOURCE_RANK[incoming.source];

  for (const field of MERGE_FIELDS) {
    const next = incoming.fields[field];
    if (isEmpty(next)) continue;
    const current = fields[field];
    const stored = fieldSources[field];
    const storedRank = stored === undefined ? 0 : (SOURCE_RANK[stored] ?? 0); // unknown stored source ranks 0, as in SQL
    const wins = isEmpty(current) || rank > storedRank || (rank === storedRank && newer);

    if (field === 'technologies') {
      const union = unionTechnologies((current as string[] | undefined) ?? [], next as string[]);
      if (union.length !== ((current as string[] | undefined)?.length ?? 0)) {
        fields.technologies = union;
        changed.push(field);
      }
      if (wins) fieldSources.technologies = incoming.source;
      continue;
    }
    if (!wins) {
      if (current !== next) refused.push(field);
      continue;
    }
    if (current !== next) {
      (fields as Record<MergeField, unknown>)[field] = next;
      changed.push(field);
    }
    fieldSources[field] = incoming.source;
  }
  keepRegionInCountry(existing, incoming.fields.region, fields, fieldSources, changed, refused);
  return { fields, fieldSources, changed: inCanonicalOrder(changed), refused: inCanonicalOrder(refused) };
}

/**
 * A region must lie in the merged country (holidays and time zones are looked up by both). An incoming region in
 * another country than the one that won is refused and the stored one kept if it fits; a stored region that no
 * longer fits the country is dropped (its provenance stays, as the SQL merge keeps it). harvest's merge SQL
 * applies the same rule.
 */
function keepRegionInCountry(existing: StoredLead, offered: string | undefined, fields: LeadFields, fieldSources: FieldSources, changed: MergeField[], refused: MergeField[]): void {
  const fits = (region: string | undefined) => region === undefined || fields.country === undefined || regionCountry(region) === fields.country;
  if (fits(fields.region)) return;
  const stored = existing.fields.region;
  if (fields.region !== stored) {
    // The incoming region had won on rank but lies in another country.
    if (!refused.includes('region')) refused.push('region');
    changed.splice(changed.indexOf('region'), 1);
    fields.region = stored;
    if (existing.fieldSources.region === undefined) delete fieldSources.region;
    else fieldSources.region = existing.fieldSources.region;
    if (fits(stored)) return;
  }
  delete fields.region;
  if (stored !== undefined && !changed.includes('region')) changed.push('region');
  if (offered !== undefined && !refused.includes('region')) refused.push('region');
}

function inCanonicalOrder(list: MergeField[]): MergeField[] {
  return list.sort((a, b) => MERGE_FIELDS.indexOf(a) - MERGE_FIELDS.indexOf(b));
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function unionTechnologies(current: readonly string[], next: readonly string[]): string[] {
  const seen = new Set(current.map((t) => t.toLowerCase()));
  const out = [...current];
  for (const item of next) {
    const key = item.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(item.trim());
  }
  return out;
}

function parseTime(iso: string, what: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new TypeError(`mergeLead: ${what} is not an ISO 8601 time: ${JSON.stringify(iso)}`);
  return t;
}
