import { CsvFileError } from './csv-file-error.js';
import { detectLegacyEncoding, type LegacyEncoding } from './csv-legacy-encoding.js';

/** What the reader detects before parsing: the text encoding (from BOM or content) and the delimiter. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | LegacyEncoding;
export type CsvDelimiter = ',' | ';' | '\t' | '|';

const MAGIC: ReadonlyArray<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an .xlsx workbook?); save it as CSV'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office file (.xls?); save it as CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'a gzip archive; unpack it first'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable'],
];

/** Share of control bytes above which a sample is binary: text CSVs have next to none. */
const MAX_CONTROL_SHARE = 0.05;
const MAX_NUL_SHARE = 0.3;

/**
 * Encoding from the first bytes: a BOM if there is one; UTF-16 without BOM by its zero bytes; UTF-8 when the
 * sample is valid UTF-8, or mostly so (a damaged file: its damaged rows are rejected one by one); otherwise the
 * legacy encoding the detector is confident of (Windows-1252 "ANSI" Excel exports, Windows-1251, Shift-JIS,
 * EUC-KR, GB18030). Throws CsvFileError for binary files and CsvEncodingError when the encoding is unclear.
 */
export function detectEncoding(sample: Buffer): { encoding: CsvEncoding; bomLength: number } {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomLength: 3 };
  if (startsWith(sample, [0xff, 0xfe, 0, 0])) return { encoding: 'utf-32le', bomLength: 4 };
  if (startsWith(sample, [0, 0, 0xfe, 0xff])) return { encoding: 'utf-32be', bomLength: 4 };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  for (const [magic, what] of MAGIC) {
    if (startsWith(sample, magic)) throw new CsvFileError(`not a text CSV file: it looks like ${what}`);
  }
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };

  // NUL bytes alone are tolerated (broken exports pad with them; rows strip them); other controls are not.
  let control = 0;
  let nul = 0;
  for (const b of sample) {
    if (b === 0) nul++;
    else if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) control++;
  }
  if (control / sample.length > MAX_CONTROL_SHARE || nul / sample.length > MAX_NUL_SHARE) {
    control += nul;
    const share = Math.round((100 * control) / sample.length);
    throw new CsvFileError(`not a text CSV file: ${share}% of the first ${sample.length} bytes are control characters`);
  }
  const text = new TextDecoder('utf-8').decode(sample, { stream: true }); // stream: a cut-off last character is fine
  // U+FFFD written as such (EF BF BD) is a valid character, not a sign of another encoding.
  let invalid = -countReplacementCharacters(sample);
  let multiByte = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) invalid++;
    else if (c > 0x7f && (c < 0xdc00 || c > 0xdfff)) multiByte++; // a surrogate pair is one character
  }
  if (invalid <= 0 || multiByte >= invalid) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: detectLegacyEncoding(sample), bomLength: 0 };
}

function countReplacementCharacters(sample: Buffer): number {
  let n = 0;
  for (let i = sample.indexOf(REPLACEMENT); i >= 0; i = sample.indexOf(REPLACEMENT, i + 3)) n++;
  return n;
}
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

function utf16WithoutBom(sample: Buffer): CsvEncoding | undefined {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return undefined;
  let zeroFirst = 0;
  let zeroSecond = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0 && sample[i + 1] !== 0) zeroFirst++;
    else if (sample[i] !== 0 && sample[i + 1] === 0) zeroSecond++;
  }
  if (zeroSecond >= pairs * 0.4 && zeroFirst <= pairs * 0.02) return 'utf-16le';
  if (zeroFirst >= pairs * 0.4 && zeroSecond <= pairs * 0.02) return 'utf-16be';
  return undefined;
}

function startsWith(buf: Buffer, bytes: readonly number[]): boolean {
  if (buf.length < bytes.length) return false;
  return bytes.every((b, i) => buf[i] === b);
}

const CANDIDATES: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

/**
 * Delimiter of the header line (UTF-8 bytes): the candidate that occurs most often outside quotes. Ties go to
 * the earlier candidate; a line with none (a one-column file) is comma-separated.
 */
export function sniffDelimiter(text: Buffer): CsvDelimiter {
  const counts = [0, 0, 0, 0];
  let i = 0;
  while (i < text.length && (text[i] === 0x0a || text[i] === 0x0d)) i++;
  let quoted = false;
  for (; i < text.length; i++) {
    const b = text[i];
    if (b === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (b === 0x0a || b === 0x0d) break;
    else if (b === 0x2c) counts[0]!++;
    else if (b === 0x3b) counts[1]!++;
    else if (b === 0x09) counts[2]!++;
    else if (b === 0x7c) counts[3]!++;
  }
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[best]!) best = c;
  return CANDIDATES[best]!;
}
