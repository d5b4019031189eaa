/**
 * What a failed Mail Send request means for the ledger. Only an answer that proves SendGrid did not take the
 * message frees the claim (row 'failed', re-claimed on the next attempt); anything else after the request may
 * have left (timeout, reset, a half-read answer) leaves the claim in flight for the Email Activity lookup.
 */
export type ProviderFailure =
  | { kind: 'not-accepted'; status: number | null; reason: string; retryAfterMs: number | null }
  | { kind: 'in-doubt'; reason: string };

/** Errors that happen before a byte of the request reaches SendGrid. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL', 'ERR_BAD_OPTION_VALUE']);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, unknown>; body?: unknown; status?: unknown };
}

export function classifySendFailure(err: unknown, nowMs: number): ProviderFailure {
  const e = (err ?? {}) as ErrorLike;
  // @sendgrid/client's ResponseError: `code` is the HTTP status, `response` the headers and body.
  if (typeof e.code === 'number' && e.response) {
    const status = e.code;
    const detail = firstErrorMessage(e.response.body);
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(e.response.headers?.['retry-after'], nowMs);
      return { kind: 'not-accepted', status, reason: `SendGrid answered 429 (rate limited)${detail ? `: ${detail}` : ''}`, retryAfterMs };
    }
    if (status >= 400) return { kind: 'not-accepted', status, reason: `SendGrid answered ${status}${detail ? `: ${detail}` : ''}`, retryAfterMs: null };
  }
  const code = typeof e.code === 'string' ? e.code : null;
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (code && NEVER_SENT_CODES.has(code)) return { kind: 'not-accepted', status: null, reason: `SendGrid unreachable (${code})`, retryAfterMs: null };
  return { kind: 'in-doubt', reason: `no answer from SendGrid after the request left (${code ?? message})` };
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const s = String(v).trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function firstErrorMessage(body: unknown): string | null {
  const errors = (body as { errors?: Array<{ message?: unknown }> } | null)?.errors;
  const m = Array.isArray(errors) ? errors[0]?.message : undefined;
  return typeof m === 'string' ? m.slice(0, 200) : null;
}
