/**
 * A reply's header block as Inbound Parse posts it (the raw `headers` field): folded lines joined, names
 * lower-cased, every value of a repeated header kept in order.
 */
export type MailHeaders = ReadonlyMap<string, readonly string[]>;

/** A header block bigger than this is cut: the headers that matter come first and a reply's block is a few KiB. */
const MAX_HEADER_BLOCK = 256 * 1024;

export function parseHeaderBlock(raw: string): MailHeaders {
  const headers = new Map<string, string[]>();
  const lines = raw.slice(0, MAX_HEADER_BLOCK).split(/\r?\n/);
  let name: string | null = null;
  let value = '';
  const flush = () => {
    if (name === null) return;
    const list = headers.get(name) ?? [];
    list.push(value.trim());
    headers.set(name, list);
    name = null;
  };
  for (const line of lines) {
    // RFC 5322 folding: a line that starts with white space continues the previous header.
    if (/^[ \t]/.test(line) && name !== null) {
      value += ' ' + line.trim();
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(field)) continue;
    name = field;
    value = line.slice(colon + 1);
  }
  flush();
  return headers;
}

/** The first value of a header, or null. */
export function headerValue(headers: MailHeaders, name: string): string | null {
  return headers.get(name.toLowerCase())?.[0] ?? null;
}

/** Every `<id@host>` in Message-ID-like headers (In-Reply-To, References), angle brackets included, in order. */
export function messageIdsIn(value: string | null): string[] {
  if (!value) return [];
  return [...value.matchAll(/<[^<>\s@]{1,250}@[^<>\s@]{1,250}>/g)].map((m) => m[0]);
}
