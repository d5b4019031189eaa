/**
 * Text comparison for rules, the same on rule values and lead values: case and diacritics are ignored
 * ("Café" = "cafe", "PREISE" = "preise"), and so are punctuation and spacing ("Computer-Software" =
 * "computer software"). Words are runs of letters and digits, with `+`/`#` right after them kept, so "C++"
 * and "C#" are words of their own and "#pricing" is the word "pricing".
 *
 * A value's *key* is its words joined by single spaces: `equals`, `in` and `notIn` compare keys. Phrase
 * search (`containsAny`, `containsAll`) looks for a phrase's words in order, separated by anything that is
 * not a word, inside the folded text: "request a demo" is found in "Please request-a-demo!", and "demo" never
 * in "demonstrate". It runs one regex over the lead's folded text, which costs far less per lead than
 * splitting the text into words first (notes are long and mostly unique).
 */

const MARKS = /\p{M}+/gu;
/** Letters with a diacritic but no Unicode decomposition. */
const FOLD_EXTRA: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd',
  þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h',
};
const FOLD_EXTRA_RE = new RegExp(`[${Object.keys(FOLD_EXTRA).join('')}]`, 'gu');
const NON_ASCII = /[^\x00-\x7F]/;
const WORD = /[\p{L}\p{N}]+[+#]*/gu;
const ASCII_WORD = /[a-z0-9]+[+#]*/g;
const ASCII_GAPS = /[^a-z0-9]+/g;

/** Lower-case without diacritics. */
export function foldText(text: string): string {
  // Most lead data is ASCII: skip Unicode normalisation, the costly part, when it cannot change anything.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  // Decompose first, so compatibility forms ("ﬁ", "ℌ") and dotted capitals ("İ") lower-case like the rest.
  return text.normalize('NFKD').toLowerCase().replace(MARKS, '').replace(FOLD_EXTRA_RE, (c) => FOLD_EXTRA[c]!);
}

/** Folded words joined by single spaces: the form `equals`/`in`/`notIn` compare. '' when there are none. */
export function textKey(text: string): string {
  if (!NON_ASCII.test(text)) {
    const lower = text.toLowerCase();
    // The common case, one native pass: no "+"/"#" means every run of other characters is just a gap.
    if (lower.indexOf('+') === -1 && lower.indexOf('#') === -1) return lower.replace(ASCII_GAPS, ' ').trim();
    return (lower.match(ASCII_WORD) ?? []).join(' ');
  }
  return (foldText(text).match(WORD) ?? []).join(' ');
}

/**
 * Revenue bands are compared as written, less case, spacing and currency signs: "$10M - $50M" = "10m-50m".
 * Words alone would make "<1M" and ">1M" the same band.
 */
export function revenueBandKey(text: string): string {
  return foldText(text)
    .replace(/[\s$€£¥]+/g, '')
    .replace(/[‐-―−]/g, '-')
    .replace(/(?<=[0-9kmb])to(?=[0-9])/g, '-');
}

export interface PhraseMatcher {
  /** Whether any phrase is in any of the texts, each folded with foldText. */
  has(texts: readonly string[]): boolean;
  /** The first phrase found, as the rule wrote it, searching the texts in order; or undefined. */
  find(texts: readonly string[]): string | undefined;
  /** Whether every phrase is in one of the texts or another. */
  all(texts: readonly string[]): boolean;
}

// The word boundaries of textKey, as regex: a word starts where no letter or digit precedes it, and ends
// where no letter, digit (or, after a letter or digit, `+`/`#`) follows it.
const START = '(?<![\\p{L}\\p{N}])';
const END_AFTER_ALNUM = '(?![\\p{L}\\p{N}+#])';
const END_AFTER_SIGN = '(?![+#])';

/** One phrase as a regex source: its words in order, with a gap of non-word characters between them. */
function phraseSource(key: string): string {
  const tokens = key.split(' ');
  let source = '';
  tokens.forEach((token, i) => {
    const endsWithSign = /[+#]$/.test(token);
    source += escapeRegExp(token);
    if (i === tokens.length - 1) source += endsWithSign ? END_AFTER_SIGN : END_AFTER_ALNUM;
    // "c++developer" is two words; "pricing demo" needs a gap that does not make "pricing+" one word.
    else source += endsWithSign ? '(?![+#])[^\\p{L}\\p{N}]*' : '(?![+#])[^\\p{L}\\p{N}]+';
  });
  return source;
}

/**
 * Whole-word phrase search, compiled once: one regex over all of a rule's phrases, so a lead's text is
 * scanned once per rule however many phrases the rule lists. Phrases with no words never match (validation
 * refuses them).
 */
export function phraseMatcher(phrases: readonly string[]): PhraseMatcher {
  const shownByKey = new Map<string, string>();
  for (const phrase of phrases) {
    const key = textKey(phrase);
    if (key !== '' && !shownByKey.has(key)) shownByKey.set(key, phrase.trim());
  }
  // Longest first: at one position the longer phrase wins ("contract renewal" before "contract").
  const keys = [...shownByKey.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const one = (alternatives: string[]) => new RegExp(`${START}(?:${alternatives.map((k) => `(${phraseSource(k)})`).join('|')})`, 'u');
  const any = keys.length === 0 ? null : one(keys);
  const each = keys.map((k) => one([k]));
  const shown = keys.map((k) => shownByKey.get(k)!);
  const inAny = (re: RegExp, texts: readonly string[]) => {
    for (const text of texts) if (re.test(text)) return true;
    return false;
  };
  return {
    has: (texts) => any !== null && inAny(any, texts),
    find(texts) {
      for (const text of texts) {
        const match = any?.exec(text);
        // One capture group per phrase: the one that took part names the phrase.
        if (match) for (let g = 1; g < match.length; g++) if (match[g] !== undefined) return shown[g - 1];
      }
      return undefined;
    },
    all: (texts) => each.length > 0 && each.every((re) => inAny(re, texts)),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
