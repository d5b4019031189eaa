/**
 * How a reply's identifiers are compared with what nurture issued. The ledger stores each Message-ID as
 * newMessageId made it: `<random.digest@domain>`, brackets included, all lower-case; reply tokens are lower-case hex.
 * Mail systems on the way may drop the brackets or change the case, so both sides are compared in that one form.
 */

const MESSAGE_ID_BODY = /^[^\s<>@]{1,200}@[^\s<>@]{1,255}$/;
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/** `<ID@host>` in lower case, or null when the text is not one Message-ID. */
export function normaliseMessageId(raw: string): string | null {
  let v = raw.trim();
  if (v.startsWith('<') && v.endsWith('>')) v = v.slice(1, -1).trim();
  if (!MESSAGE_ID_BODY.test(v)) return null;
  return `<${v.toLowerCase()}>`;
}

/** A reply token as stored, or null when it cannot be one. */
export function normaliseReplyToken(raw: string): string | null {
  const v = raw.trim();
  return TOKEN.test(v) ? v.toLowerCase() : null;
}

/** Distinct normalised values in the order given (the caller's order says which wins: In-Reply-To first). */
export function distinctInOrder(values: readonly string[], normalise: (raw: string) => string | null): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const v = normalise(raw);
    if (v !== null && !out.includes(v)) out.push(v);
  }
  return out;
}
