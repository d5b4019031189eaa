/** The languages whose phrases this lib knows (ISO 639-1). */
export const REPLY_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'ja'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

/**
 * Text as phrases are matched against: Unicode-normalised (NFKC, so full-width and ligature forms match), lower
 * case, typographic apostrophes straightened, white space collapsed.
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A phrase list as one regular expression that matches whole words only (letters or digits may not touch either
 * end). A phrase is plain text; `*` at its end allows any word ending ("désinscri*" matches "désinscrire").
 * Japanese has no spaces between words, so its phrases match anywhere.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function phraseMatcher(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) => {
    const open = p.endsWith('*');
    const body = (open ? p.slice(0, -1) : p)
      .split(' ')
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    if (CJK.test(p)) return body;
    return `(?<![\\p{L}\\p{N}])${open ? `${body}[\\p{L}\\p{N}]*` : body}(?![\\p{L}\\p{N}])`;
  });
  return new RegExp(`(?:${alternatives.join('|')})`, 'u');
}

/** The first phrase of `byLanguage` found in `text` (normalised), with its language. */
export function findPhrase(text: string, byLanguage: Readonly<Record<ReplyLanguage, RegExp>>): { language: ReplyLanguage; phrase: string } | null {
  let best: { language: ReplyLanguage; phrase: string; index: number } | null = null;
  for (const language of REPLY_LANGUAGES) {
    const m = byLanguage[language].exec(text);
    if (m && (best === null || m.index < best.index)) best = { language, phrase: m[0], index: m.index };
  }
  return best && { language: best.language, phrase: best.phrase };
}

/** Builds the per-language matchers of a phrase table. */
export function matchers(table: Readonly<Record<ReplyLanguage, readonly string[]>>): Record<ReplyLanguage, RegExp> {
  return Object.fromEntries(REPLY_LANGUAGES.map((l) => [l, phraseMatcher(table[l])])) as Record<ReplyLanguage, RegExp>;
}

// Short, frequent words of each language: enough to tell the language of a few sentences apart.
const STOPWORDS: Record<ReplyLanguage, readonly string[]> = {
  en: ['the', 'and', 'you', 'i', 'is', 'to', 'of', 'will', 'be', 'my', 'with', 'for', 'on', 'until', 'back'],
  de: ['der', 'die', 'das', 'und', 'ich', 'ist', 'nicht', 'sie', 'mit', 'bin', 'bis', 'im', 'wieder', 'ab', 'ihre'],
  fr: ['le', 'la', 'les', 'et', 'je', 'suis', 'vous', 'de', 'pas', 'du', 'au', 'est', 'pour', 'jusqu', 'retour'],
  es: ['el', 'la', 'los', 'y', 'yo', 'estoy', 'usted', 'de', 'no', 'que', 'hasta', 'con', 'por', 'mi', 'del'],
  it: ['il', 'lo', 'gli', 'e', 'io', 'sono', 'di', 'non', 'che', 'fino', 'al', 'con', 'per', 'mio', 'della'],
  nl: ['de', 'het', 'een', 'en', 'ik', 'ben', 'niet', 'van', 'met', 'tot', 'op', 'u', 'mijn', 'weer', 'vanaf'],
  pt: ['o', 'os', 'e', 'eu', 'estou', 'de', 'não', 'que', 'até', 'com', 'para', 'meu', 'do', 'da', 'em'],
  sv: ['och', 'jag', 'är', 'inte', 'med', 'till', 'på', 'den', 'det', 'min', 'tillbaka', 'mitt', 'av', 'för', 'om'],
  ja: [],
};

/** The language whose frequent words occur most often in the text, or null when none stands out. */
export function guessLanguage(text: string): ReplyLanguage | null {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja';
  const words = normalise(text).match(/[\p{L}]+/gu) ?? [];
  if (words.length === 0) return null;
  let best: ReplyLanguage | null = null;
  let bestScore = 0;
  let second = 0;
  for (const language of REPLY_LANGUAGES) {
    const set = new Set(STOPWORDS[language]);
    const score = words.reduce((n, w) => n + (set.has(w) ? 1 : 0), 0);
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = language;
    } else if (score > second) second = score;
  }
  return bestScore > second ? best : null;
}
