/**
 * Parse an HTTP Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, relative to `now`.
 * Returns a delay in ms, or undefined when absent or unreadable (the caller then falls back to backoff).
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only an HTTP-date (has letters, e.g. "Wed, 21 Oct 2015 07:28:00 GMT") — not "1.5" or "-3".
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
