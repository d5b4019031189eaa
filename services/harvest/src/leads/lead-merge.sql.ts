import { scalarLeadColumns } from './lead-columns.js';

/**
 * One set-based statement merges a staged batch into harvest.leads: rows for the same email inside the batch
 * collapse first (newest non-empty value per field), then each field follows the merge precedence of
 * libs/lead-intake (higher-or-equal source rank replaces, empty never erases, technologies union). Provenance
 * and campaign membership are written in the same statement, so a batch lands whole or not at all.
 *
 * Parameters: $1 source kind, $2 seen-at, $3 campaign id, $4 import id, $5 request id, $6 source ref.
 */
/** Technologies union as libs/lead-intake mergeLead does it: case-insensitive, first spelling and order kept. */
function techUnion(arrayExpr: string): string {
  return `ARRAY(SELECT t FROM (SELECT DISTINCT ON (lower(t)) t, n FROM unnest(${arrayExpr}) WITH ORDINALITY AS u(t, n) WHERE t <> '' ORDER BY lower(t), n) d ORDER BY n)`;
}

function buildMergeSql(): string {
  const cols = scalarLeadColumns.map(([, c]) => c);
  const collapsed = cols
    .map((c) => `(array_agg(${c} ORDER BY ord DESC) FILTER (WHERE ${c} IS NOT NULL))[1] AS ${c}`)
    .join(',\n      ');
  const taken = (c: string) => `(EXCLUDED.${c} IS NOT NULL AND harvest.source_rank($1) >= harvest.source_rank(l.field_sources->>'${c}'))`;
  const sets = cols.map((c) => `${c} = CASE WHEN ${taken(c)} THEN EXCLUDED.${c} ELSE l.${c} END`).join(',\n      ');
  const takenSources = cols.map((c) => `'${c}', CASE WHEN ${taken(c)} THEN $1 END`).join(', ');
  const insertSources = cols.map((c) => `'${c}', CASE WHEN ${c} IS NOT NULL THEN $1 END`).join(', ');
  return `
WITH collapsed AS (
  SELECT email,
      ${collapsed},
      coalesce(string_to_array(string_agg(technologies, E'\\x1f'), E'\\x1f'), '{}') AS technologies,
      (array_agg(line ORDER BY ord DESC))[1] AS line
  FROM pg_temp.lead_stage GROUP BY email
),
upserted AS (
  INSERT INTO harvest.leads AS l (email, ${cols.join(', ')}, technologies, field_sources, created_at, updated_at)
  SELECT email, ${cols.join(', ')}, ${techUnion('technologies')},
         jsonb_strip_nulls(jsonb_build_object(${insertSources})), $2, $2
  FROM collapsed
  ON CONFLICT (email) DO UPDATE SET
      ${sets},
      technologies = ${techUnion('l.technologies || EXCLUDED.technologies')},
      field_sources = l.field_sources || jsonb_strip_nulls(jsonb_build_object(${takenSources})),
      updated_at = $2
  RETURNING l.id, l.email, (xmax = 0) AS inserted
),
provenance AS (
  INSERT INTO harvest.lead_provenance AS p (lead_id, source, first_seen_at, last_seen_at, import_id, line, request_id, source_ref)
  SELECT u.id, $1, $2, $2, $4::uuid, c.line, $5, $6 FROM upserted u JOIN collapsed c USING (email)
  ON CONFLICT (lead_id, source) DO UPDATE SET
      last_seen_at = EXCLUDED.last_seen_at, times_seen = p.times_seen + 1,
      import_id = EXCLUDED.import_id, line = EXCLUDED.line, request_id = EXCLUDED.request_id, source_ref = EXCLUDED.source_ref
),
membership AS (
  INSERT INTO harvest.lead_campaigns (lead_id, campaign_id, first_seen_at)
  SELECT id, $3, $2 FROM upserted ON CONFLICT DO NOTHING
)
SELECT count(*) FILTER (WHERE inserted)::int AS created,
       count(*) FILTER (WHERE NOT inserted)::int AS merged
FROM upserted`;
}

export const mergeStagedLeadsSql = buildMergeSql();

export const createStageTableSql = `
CREATE TEMP TABLE IF NOT EXISTS lead_stage (
  ord integer NOT NULL, line integer, email text NOT NULL,
  ${scalarLeadColumns.map(([f, c]) => `${c} ${f === 'employeeCount' ? 'integer' : 'text'}`).join(', ')},
  technologies text
) ON COMMIT DELETE ROWS`;

export const stageCopySql = `COPY pg_temp.lead_stage (ord, line, email, ${scalarLeadColumns.map(([, c]) => c).join(', ')}, technologies) FROM STDIN`;
