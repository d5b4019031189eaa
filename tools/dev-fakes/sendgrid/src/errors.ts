/**
 * SendGrid's v3 error body: `{ errors: [{ message, field, help }] }`. Clients (and our own code) parse this
 * shape, so the sandbox answers with exactly it, `field` being a dotted JSON path such as
 * `personalizations.0.to.0.email`, or `null` for request-level problems (auth, size, parse).
 */
export interface SendGridErrorItem {
  message: string;
  field: string | null;
  help: string | null;
}

export interface SendGridErrorBody {
  errors: SendGridErrorItem[];
}

// SendGrid's help links point at anchors of one errors page; keep the same form so logs look familiar.
const HELP_BASE = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';

export function helpUrl(anchor: string): string {
  return `${HELP_BASE}#message.${anchor}`;
}

export function errorBody(message: string, field: string | null = null, help: string | null = null): SendGridErrorBody {
  return { errors: [{ message, field, help }] };
}
