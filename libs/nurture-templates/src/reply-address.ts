/**
 * Reply-To: reply+<token>@<reply domain>. The token is the enrolment's opaque reply token, so a reply matches its
 * enrolment by address alone and the address says nothing about the lead (sub-addressing, RFC 5233).
 */
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
const LOCAL_PART = /^[A-Za-z0-9._-]{1,40}$/;
const DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function replyToAddress({ token, replyDomain, localPart = 'reply' }: { token: string; replyDomain: string; localPart?: string }): string {
  if (!TOKEN.test(token)) throw new RangeError('a reply token is 1–64 letters, digits, "-" or "_"');
  if (!LOCAL_PART.test(localPart)) throw new RangeError(`not a mailbox name: "${localPart}"`);
  if (!DOMAIN.test(replyDomain)) throw new RangeError(`not a reply domain: "${replyDomain}"`);
  return `${localPart}+${token}@${replyDomain.toLowerCase()}`;
}

/**
 * The reply token in a recipient address ("reply+tok@d", "<reply+tok@d>", "Name <reply+tok@d>"), or null when the
 * address is not a reply address. The mailbox name compares case-insensitively; the token is returned as written.
 */
export function parseReplyToken(address: string, localPart = 'reply'): string | null {
  const bracketed = /<([^<>]*)>\s*$/.exec(address);
  const plain = (bracketed ? bracketed[1] : address).trim();
  const at = plain.lastIndexOf('@');
  if (at <= 0) return null;
  const local = plain.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0 || local.slice(0, plus).toLowerCase() !== localPart.toLowerCase()) return null;
  const token = local.slice(plus + 1);
  return TOKEN.test(token) ? token : null;
}
