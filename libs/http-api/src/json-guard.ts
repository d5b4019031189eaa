/**
 * A depth limit checked on the raw request bytes before JSON.parse, so a body nested thousands of levels deep is
 * refused with a 400 instead of overflowing the stack of whatever walks the parsed object. Size is limited by the
 * body parser's own `limit`.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Deepest nesting of the JSON text, counting `[` and `{` outside strings; stops counting once past `limit`.
 * Works on UTF-8 bytes (ASCII bytes never occur inside a multi-byte sequence) and on string char codes.
 */
export function jsonNestingDepth(text: Uint8Array | string, limit = Number.POSITIVE_INFINITY): number {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i]!;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return deepest;
}

/** The error `type` of the refusal: body-parser hands errors from `verify` to http-errors, which may rebuild them with only message and type. */
export const JSON_TOO_DEEP_TYPE = 'json.too.deep';

/** A body refused before parsing; the exception filter answers it with 400 and its code. */
export class JsonLimitError extends Error {
  readonly code = 'json_too_deep';
  readonly type = JSON_TOO_DEEP_TYPE;
  readonly status = 400;
  constructor(readonly maxDepth: number) {
    super(`JSON nested deeper than ${maxDepth} levels`);
    this.name = 'JsonLimitError';
  }
}

/**
 * Options for `app.useBodyParser('json', …)`: the size limit plus the depth check in body-parser's `verify` hook,
 * which sees the raw bytes before they are parsed.
 */
export function guardedJsonOptions(limit: string | number, maxDepth = MAX_JSON_DEPTH) {
  return {
    limit,
    verify: (req: unknown, _res: unknown, body: Buffer, encoding: string | null) => {
      // Kept for handlers that must check a signature over the exact bytes (signed web forms).
      (req as { rawBody?: Buffer }).rawBody = body;
      const utf8 = !encoding || /^utf-?8$/i.test(encoding);
      const text = utf8 ? body : new TextDecoder(encoding).decode(body);
      if (jsonNestingDepth(text, maxDepth) > maxDepth) throw new JsonLimitError(maxDepth);
    },
  };
}
