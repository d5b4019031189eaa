/** Encoders for PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash escapes. */

const SPECIAL = /[\\\t\n\r]/;

/** One field; undefined, null and '' are all NULL (an empty value never erases a stored one). */
export function copyField(value: unknown): string {
  if (value === undefined || value === null || value === '') return '\\N';
  const s = String(value);
  return SPECIAL.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** A text[] value: an array literal with every element quoted, then escaped as one COPY field. */
export function copyTextArray(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return '{}';
  let literal = '{';
  for (let i = 0; i < values.length; i++) literal += (i ? ',"' : '"') + values[i]!.replace(/[\\"]/g, '\\$&') + '"';
  return copyField(literal + '}');
}
