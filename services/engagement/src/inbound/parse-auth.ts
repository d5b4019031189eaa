import { sameSecret } from '#libs/http-api';
import { EngagementError } from '../engagement-errors.js';

/**
 * Inbound Parse posts are not signed, so its URL carries a secret as HTTP basic auth
 * (https://parse:<secret>@host/webhooks/sendgrid/inbound); the user name is not checked. Unset secret: 503 (the
 * route is not configured, and SendGrid keeps the mail for a retry); missing or wrong: 401, which SendGrid drops,
 * as it should drop a forgery. Compared in constant time.
 */
export function checkParseAuth(authorization: string | undefined, secret: string | undefined): void {
  if (!secret) throw new EngagementError('webhook_not_configured', 'Inbound Parse is not configured here: set INBOUND_PARSE_SECRET');
  const m = /^\s*basic\s+([A-Za-z0-9+/=._-]{1,1024})\s*$/i.exec(authorization ?? '');
  if (!m) throw new EngagementError('parse_auth_required', 'send the parse secret as HTTP basic auth (https://parse:<secret>@host/…)', [{ field: 'Authorization', message: 'missing' }]);
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon < 0 ? undefined : decoded.slice(colon + 1);
  if (!sameSecret(password, secret)) throw new EngagementError('parse_auth_required', 'the parse secret in the basic auth is not valid', [{ field: 'Authorization', message: 'not valid' }]);
}
