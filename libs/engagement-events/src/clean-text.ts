/**
 * PostgreSQL refuses NUL in text and jsonb, and jsonb refuses a lone UTF-16 surrogate: either would fail a whole
 * signed batch on every retry. Such characters carry no meaning in an event, so they are dropped or replaced.
 */
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanText(value: string): string {
  return value.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');
}

/** A JSON value with every string (keys too) cleaned, for a jsonb column. */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays a key instead of setting the prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanJson(v)]));
  }
  return value;
}
