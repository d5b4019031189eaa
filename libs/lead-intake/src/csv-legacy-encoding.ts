import chardet from 'chardet';
import iconv from 'iconv-lite';
import { CsvFileError } from './csv-file-error.js';

/** The pre-Unicode encodings imports read. ISO-8859-1 is read as windows-1252, its superset, as browsers do. */
export type LegacyEncoding = 'windows-1252' | 'windows-1251' | 'shift_jis' | 'euc-kr' | 'gb18030';

const SUPPORTED: Readonly<Record<string, LegacyEncoding>> = {
  'windows-1252': 'windows-1252',
  'ISO-8859-1': 'windows-1252',
  'windows-1251': 'windows-1251',
  Shift_JIS: 'shift_jis',
  'EUC-KR': 'euc-kr',
  GB18030: 'gb18030',
};
const MULTI_BYTE = new Set(['Shift_JIS', 'EUC-JP', 'EUC-KR', 'GB18030', 'Big5']);
/** Unicode forms are decided before the detector is asked (BOM, UTF-16 zero bytes, valid UTF-8). */
const NOT_LEGACY = new Set(['ASCII', 'UTF-8', 'UTF-16LE', 'UTF-16BE', 'UTF-32', 'UTF-32LE', 'UTF-32BE']);

/**
 * The detector's scores: a clean multi-byte match scores 100 and one that merely fits the byte structure 10,
 * while single-byte language models score 1-50 (Cyrillic ones low) with close encodings a few points apart. A
 * winner must reach the floor and lead the best plausible rival that decodes the sample differently by the
 * margin; otherwise the file is refused rather than imported as mojibake.
 */
const MULTI_BYTE_FLOOR = 50;
const MULTI_BYTE_MARGIN = 25;
const MULTI_BYTE_FITS = 10;
const SINGLE_BYTE_FLOOR = 1;
const SINGLE_BYTE_MARGIN = 5;
/** Share of non-ASCII words that may look mis-decoded (mixed scripts, accent runs) in a plausible decoding. */
const MAX_ODD_WORD_SHARE = 0.1;

/** The file's text is in none of the Unicode forms and its legacy encoding is not clear; names the candidates. */
export class CsvEncodingError extends CsvFileError {
  constructor(readonly candidates: readonly string[]) {
    super(
      candidates.length === 0
        ? 'cannot tell the text encoding: it is not UTF-8 and no known encoding fits. Save the file as UTF-8 (in Excel: "CSV UTF-8") and upload it again'
        : `cannot tell the text encoding for sure: it could be ${list(candidates)}. Save the file as UTF-8 (in Excel: "CSV UTF-8") and upload it again`,
    );
    this.name = 'CsvEncodingError';
  }
}

interface Candidate {
  name: string;
  confidence: number;
  text: string | undefined;
}

/**
 * Encoding of a sample that is not UTF-8, from the detector's ranking checked against what each candidate's
 * decoding looks like: Cyrillic read as Latin-1 gives runs of accented letters, Latin-1 read as Cyrillic gives
 * words that mix scripts, and either is dropped before the winner is chosen. Throws CsvEncodingError.
 */
export function detectLegacyEncoding(sample: Buffer): LegacyEncoding {
  const candidates: Candidate[] = chardet
    .analyse(sample)
    .filter((m) => m.confidence > 0 && !NOT_LEGACY.has(m.name))
    .map((m) => ({ name: m.name, confidence: m.confidence, text: decodeSample(sample, m.name) }));
  const plausible = candidates.filter((c) => c.text !== undefined && looksLikeText(c.text));
  const best = plausible[0];
  if (!best) throw new CsvEncodingError(names(candidates));
  const rival = plausible.find((c) => c.text !== best.text);
  const multiByte = MULTI_BYTE.has(best.name);
  const floor = multiByte ? MULTI_BYTE_FLOOR : SINGLE_BYTE_FLOOR;
  const margin = multiByte ? MULTI_BYTE_MARGIN : SINGLE_BYTE_MARGIN;
  // Bytes that fit a multi-byte encoding are rarely an accident: a single-byte reading of them is not certain.
  const fitsMultiByte = !multiByte && plausible.some((c) => MULTI_BYTE.has(c.name) && c.confidence >= MULTI_BYTE_FITS);
  const supported = SUPPORTED[best.name];
  if (!supported || fitsMultiByte || best.confidence < floor || (rival && best.confidence - rival.confidence < margin)) {
    throw new CsvEncodingError(names(plausible));
  }
  return supported;
}

function decodeSample(sample: Buffer, name: string): string | undefined {
  if (!iconv.encodingExists(name)) return undefined;
  // A sample cut inside a character ends in one replacement character; that is not the file's fault.
  return iconv.decode(sample, name).replace(/\uFFFD$/, '');
}

const LETTERS = /[\p{L}\p{M}]+/gu;
const ASCII_LETTER = /[A-Za-z]/;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const GREEK = /\p{Script=Greek}/u;
// Japanese mixes Han and kana within a word; Korean words are Hangul alone (Hanja stand apart).
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u30FC]/u;
const HANGUL = /\p{Script=Hangul}/u;
const MARK = /\p{M}/u;

/**
 * Whether decoded text reads like text: no replacement or C1 control characters, at most a few words that
 * mix scripts or pile up accented Latin letters, and more non-ASCII letters than non-ASCII symbols.
 */
export function looksLikeText(text: string): boolean {
  if (/[\uFFFD\u0080-\u009F]/.test(text)) return false;
  let words = 0;
  let odd = 0;
  let letters = 0;
  for (const [word] of text.matchAll(LETTERS)) {
    if (/^[\x00-\x7F]*$/.test(word)) continue;
    words++;
    if (isOddWord(word)) odd++;
  }
  let symbols = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (/[\p{L}\p{M}]/u.test(ch)) letters++;
    else if (!/[\p{Zs}]/u.test(ch)) symbols++;
  }
  return odd <= words * MAX_ODD_WORD_SHARE && symbols <= letters;
}

function isOddWord(word: string): boolean {
  const scripts = new Set<string>();
  let ascii = false;
  let accentRun = 0;
  let longestAccentRun = 0;
  for (const ch of word) {
    if (MARK.test(ch)) continue;
    if (ASCII_LETTER.test(ch)) {
      ascii = true;
      accentRun = 0;
      continue;
    }
    const script = LATIN.test(ch) ? 'latin' : CYRILLIC.test(ch) ? 'cyrillic' : GREEK.test(ch) ? 'greek' : CJK.test(ch) ? 'cjk' : HANGUL.test(ch) ? 'hangul' : 'other';
    scripts.add(script);
    accentRun = script === 'latin' ? accentRun + 1 : 0;
    longestAccentRun = Math.max(longestAccentRun, accentRun);
  }
  if (scripts.size > 1) return true;
  // Latin letters and CJK mix in real names ("Tシャツ"); Latin with Cyrillic or Greek inside one word does not.
  if (ascii && (scripts.has('cyrillic') || scripts.has('greek') || scripts.has('other'))) return true;
  return longestAccentRun >= 3;
}

/** Display names, ISO-8859-1 folded into windows-1252 as it is read, at most four. */
function names(candidates: readonly Candidate[]): string[] {
  const out: string[] = [];
  for (const c of candidates) {
    const name = c.name === 'ISO-8859-1' ? 'windows-1252' : c.name;
    if (!out.includes(name)) out.push(name);
  }
  return out.slice(0, 4);
}

function list(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
