import { verifyUnsubscribeToken } from '#libs/nurture-templates';

/** A token names an enrolment; one from a send without an enrolment (a test send) carries the address, sealed. */
export type UnsubscribeTokenCheck = { ok: true; enrolmentId: string; email: string | null } | { ok: false; reason: string };

/** `<version>.<payload>.<signature>`, base64url pieces: anything else is refused before any crypto runs. */
export const UNSUBSCRIBE_TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The enrolment a one-click unsubscribe token was signed for, or why it is refused (nothing else is revealed). */
export function checkUnsubscribeToken(secret: string, token: unknown): UnsubscribeTokenCheck {
  if (typeof token !== 'string' || token.length > 1024 || !UNSUBSCRIBE_TOKEN_SHAPE.test(token)) return { ok: false, reason: 'not an unsubscribe token' };
  const verified = verifyUnsubscribeToken(secret, token);
  return verified.ok ? { ok: true, enrolmentId: verified.enrolmentId, email: verified.email } : { ok: false, reason: verified.reason };
}

/** The link the sender puts in List-Unsubscribe and in the footer: the API's public one-click endpoint. */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  return new URL(`unsubscribe/${encodeURIComponent(token)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}
