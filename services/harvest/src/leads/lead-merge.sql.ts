import { scalarLeadColumns } from './lead-columns.js';

/** Technologies union as libs/lead-intake mergeLead does it: case-insensitive, first spelling and order kept. */
function techUnion(arrayExpr: string): string {
  return `ARRAY(SELECT t FROM (SELECT DISTINCT ON (lower(t)) t, n FROM unnest(${arrayExpr}) WITH ORDINALITY AS u(t, n) WHERE t <> '' ORDER BY lower(t), n) d ORDER BY n)`;
}

/**
 * One statement merges a staged batch (one row per email, ids made by the writer) into harvest.leads:
 * - new emails are a plain INSERT (the common case on import: no per-field logic at all);
 * - emails already stored are updated field by field with the precedence of libs/lead-intake: a value from a
 *   source ranking at least as high as the stored field's source replaces it, an empty stored field takes any
 *   value, empty never erases, technologies union;
 * - provenance (with the fields the source offered but was not trusted to change) and campaign membership for
 *   every touched lead.
 * All sub-statements share one snapshot, so the UPDATE sees only leads that existed before this batch.
 *
 * Parameters: $1 source kind, $2 seen-at, $3 campaign id, $4 import id, $5 request id, $6 source ref.
 */
function buildMergeSql(): string {
  const cols = scalarLeadColumns.map(([, c]) => c);
  const taken = (c: string) => `(s.${c} IS NOT NULL AND (l.${c} IS NULL OR harvest.source_rank($1) >= harvest.source_rank(l.field_sources->>'${c}')))`;
  // A region must lie in the merged country (mergeLead's keepRegionInCountry): an offered region in another country
  // is refused, and a stored one that no longer fits the country is dropped.
  const mergedCountry = `(CASE WHEN ${taken('country')} THEN s.country ELSE l.country END)`;
  const fits = (r: string) => `(${r} IS NULL OR ${mergedCountry} IS NULL OR split_part(${r}, '-', 1) = ${mergedCountry})`;
  const regionTaken = `(${taken('region')} AND ${fits('s.region')})`;
  const set = (c: string) =>
    c === 'region'
      ? `region = CASE WHEN ${taken('region')} AND ${fits('s.region')} THEN s.region WHEN ${fits('l.region')} THEN l.region END`
      : `${c} = CASE WHEN ${taken(c)} THEN s.${c} ELSE l.${c} END`;
  const sets = cols.map(set).join(',\n      ');
  const takenSources = cols.map((c) => `'${c}', CASE WHEN ${c === 'region' ? regionTaken : taken(c)} THEN $1 END`).join(', ');
  // RETURNING sees the row as updated: an offered value that is still not the stored one was not trusted to win.
  const refused = `array_remove(ARRAY[${scalarLeadColumns.map(([f, c]) => `CASE WHEN s.${c} IS NOT NULL AND l.${c} IS DISTINCT FROM s.${c} THEN '${f}' END`).join(', ')}]::text[], NULL)`;
  return `
WITH inserted AS (
  INSERT INTO harvest.leads AS l (id, email, ${cols.join(', ')}, technologies, field_sources, created_at, updated_at)
  SELECT id, email, ${cols.join(', ')}, technologies, field_sources::jsonb, $2, $2
  FROM pg_temp.lead_stage
  ON CONFLICT (email) DO NOTHING
  RETURNING l.id, l.email, '{}'::text[] AS refused
),
updated AS (
  UPDATE harvest.leads AS l SET
      ${sets},
      technologies = ${techUnion(`l.technologies || s.technologies`)},
      field_sources = l.field_sources || jsonb_strip_nulls(jsonb_build_object(${takenSources})),
      updated_at = $2
  FROM pg_temp.lead_stage s
  WHERE l.email = s.email
  RETURNING l.id, l.email, ${refused} AS refused
),
touched AS (
  SELECT id, email, refused FROM inserted UNION ALL SELECT id, email, refused FROM updated
),
provenance AS (
  INSERT INTO harvest.lead_provenance AS p (lead_id, source, first_seen_at, last_seen_at, import_id, line, request_id, source_ref, refused_fields)
  SELECT t.id, $1, $2, $2, $4::uuid, s.line, $5, $6, t.refused FROM touched t JOIN pg_temp.lead_stage s USING (email)
  ON CONFLICT (lead_id, source) DO UPDATE SET
      last_seen_at = EXCLUDED.last_seen_at, times_seen = p.times_seen + 1,
      import_id = EXCLUDED.import_id, line = EXCLUDED.line, request_id = EXCLUDED.request_id, source_ref = EXCLUDED.source_ref,
      refused_fields = EXCLUDED.refused_fields
),
membership AS (
  INSERT INTO harvest.lead_campaigns (lead_id, campaign_id, first_seen_at)
  SELECT id, $3, $2 FROM touched ON CONFLICT DO NOTHING
)
SELECT (SELECT count(*) FROM inserted)::int AS created, (SELECT count(*) FROM updated)::int AS merged`;
}

export const mergeStagedLeadsSql = buildMergeSql();

export const createStageTableSql = `
CREATE TEMP TABLE IF NOT EXISTS lead_stage (
  id uuid NOT NULL, line integer, email text NOT NULL,
  ${scalarLeadColumns.map(([f, c]) => `${c} ${f === 'employeeCount' ? 'integer' : 'text'}`).join(', ')},
  technologies text[] NOT NULL, field_sources text NOT NULL
) ON COMMIT DELETE ROWS`;

export const stageCopySql = `COPY pg_temp.lead_stage (id, line, email, ${scalarLeadColumns.map(([, c]) => c).join(', ')}, technologies, field_sources) FROM STDIN`;
