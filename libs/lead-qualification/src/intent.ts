/**
 * Keyword intent: which of a campaign's keyword lists occur in a lead's text fields.
 *
 * Matching is on whole words, ignoring case and diacritics: "Pricing" matches "pricing", "Preise" matches
 * "PREISE", "cafe" matches "Café", and "demo" does not match "demonstrate". A keyword of several words matches
 * those words in order with any punctuation or spacing between them ("request a demo" matches "Request-a-demo").
 * Tokens are runs of letters and digits, with trailing `+`/`#` kept so "C++" and "C#" are words of their own.
 * Scripts written without spaces (Chinese, Japanese, Thai) are matched only as whole space-separated runs.
 *
 * Compile the lists once (compileKeywordLists) and call detectIntent per lead: the cost per lead is one pass
 * over its text plus a map lookup per word.
 */

export interface IntentMatch {
  list: string;
  /** The keyword as written in the list. */
  keyword: string;
  field: string;
}

export interface IntentResult {
  matched: IntentMatch[];
}

interface CompiledKeyword {
  list: string;
  keyword: string;
  /** Folded tokens after the first. */
  rest: readonly string[];
}

export interface KeywordMatcher {
  readonly lists: readonly string[];
  /** Keywords by their first folded token. */
  readonly byFirstToken: ReadonlyMap<string, readonly CompiledKeyword[]>;
}

const TOKEN = /[\p{L}\p{N}]+(?:[+#]+(?![\p{L}\p{N}]))?/gu;
const MARKS = /\p{M}+/gu;
/** Letters that carry a diacritic but have no Unicode decomposition. */
const FOLD_EXTRA: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd',
  þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h',
};
const FOLD_EXTRA_RE = new RegExp(`[${Object.keys(FOLD_EXTRA).join('')}]`, 'gu');
const ASCII_ONLY = /^[\x00-\x7F]*$/;

/** Case- and diacritic-folded form used on both keywords and text. */
export function foldText(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(FOLD_EXTRA_RE, (c) => FOLD_EXTRA[c]!)
    .toLowerCase();
}

export function tokenize(folded: string): string[] {
  return folded.match(TOKEN) ?? [];
}

/**
 * Lists are `{ listName: keywords[] }`. A keyword with no letters or digits cannot match anything and throws;
 * validateQualificationRuleSet reports it with the list and index before this is ever called.
 */
export function compileKeywordLists(lists: Readonly<Record<string, readonly string[]>>): KeywordMatcher {
  const byFirstToken = new Map<string, CompiledKeyword[]>();
  const names = Object.keys(lists);
  for (const list of names) {
    const seen = new Set<string>();
    for (const keyword of lists[list]!) {
      const tokens = tokenize(foldText(keyword));
      if (tokens.length === 0) throw new Error(`keyword list "${list}": keyword "${keyword}" has no letters or digits`);
      const key = tokens.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const entry: CompiledKeyword = { list, keyword, rest: tokens.slice(1) };
      const bucket = byFirstToken.get(tokens[0]!);
      if (bucket) bucket.push(entry);
      else byFirstToken.set(tokens[0]!, [entry]);
    }
  }
  return { lists: names, byFirstToken };
}

export type IntentFields = Readonly<Record<string, string | readonly string[] | null | undefined>>;

/**
 * Fields are scanned in the order given; an array field (technologies) is scanned item by item so words of two
 * items never join into one phrase. Each (list, keyword, field) is reported once, in order of first occurrence.
 */
export function detectIntent(fields: IntentFields, matcher: KeywordMatcher): IntentResult {
  const matched: IntentMatch[] = [];
  if (matcher.byFirstToken.size === 0) return { matched };
  for (const field of Object.keys(fields)) {
    const value = fields[field];
    if (value === null || value === undefined) continue;
    const seen = new Set<CompiledKeyword>();
    if (typeof value === 'string') scan(value, field, matcher, seen, matched);
    else for (const item of value) if (typeof item === 'string') scan(item, field, matcher, seen, matched);
  }
  return { matched };
}

function scan(text: string, field: string, matcher: KeywordMatcher, seen: Set<CompiledKeyword>, out: IntentMatch[]): void {
  if (text === '') return;
  const tokens = tokenize(foldText(text));
  for (let i = 0; i < tokens.length; i++) {
    const bucket = matcher.byFirstToken.get(tokens[i]!);
    if (bucket === undefined) continue;
    for (const entry of bucket) {
      if (seen.has(entry)) continue;
      const { rest } = entry;
      let ok = i + rest.length < tokens.length;
      for (let j = 0; ok && j < rest.length; j++) ok = tokens[i + 1 + j] === rest[j];
      if (!ok) continue;
      seen.add(entry);
      out.push({ list: entry.list, keyword: entry.keyword, field });
    }
  }
}
