import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse';
import { CsvTokenizer, type TokenSink } from './csv-tokenizer.js';

type Token = { record: string[]; line: number } | { reject: string; line: number };

function tokenize(input: Buffer, options: { delimiter?: string; max?: number; chunk?: number } = {}): Token[] {
  const out: Token[] = [];
  const sink: TokenSink = {
    record: (record, line) => out.push({ record, line }),
    reject: (line, reject) => out.push({ reject, line }),
  };
  const tokenizer = new CsvTokenizer((options.delimiter ?? ',').charCodeAt(0), options.max ?? 64 * 1024);
  const step = options.chunk ?? Math.max(input.length, 1);
  for (let i = 0; i < input.length; i += step) tokenizer.push(input.subarray(i, i + step), sink);
  tokenizer.end(sink);
  return out;
}

/** The reference: csv-parse with the options the tokenizer mirrors; records up to the first error. */
async function csvParse(input: Buffer, delimiter = ','): Promise<{ records: string[][]; error?: string }> {
  const records: string[][] = [];
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    relax_column_count: true,
    bom: false,
    max_record_size: 0,
    on_record: (record: string[]) => {
      records.push(record);
      return null;
    },
  });
  const error = await new Promise<string | undefined>((resolve) => {
    parser.on('error', (e: Error & { code?: string }) => resolve(e.code));
    parser.on('finish', () => resolve(undefined));
    parser.end(input);
  });
  return error === undefined ? { records } : { records, error };
}

/** The tokenizer's view in the same shape: an unterminated quote ends the output like csv-parse's error. */
function ours(tokens: Token[]): { records: string[][]; error?: string } {
  const records: string[][] = [];
  for (const t of tokens) {
    if ('reject' in t) return { records, error: t.reject.startsWith('unterminated') ? 'CSV_QUOTE_NOT_CLOSED' : t.reject };
    records.push(t.record);
  }
  return { records };
}

const corpusDir = new URL('../../../test/fixtures/csv/malformed/', import.meta.url);
const utf8Corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.csv') && !/utf16|windows-1252|binary-junk\.csv|xlsx/.test(f))
  .sort();

describe('CsvTokenizer matches csv-parse', () => {
  it.each(utf8Corpus)('on corpus file %s, whole and in 1-, 3- and 7-byte chunks', async (name) => {
    const bytes = readFileSync(new URL(name, corpusDir));
    const delimiter = name.includes('semicolon') ? ';' : name.includes('tab') ? '\t' : name.includes('pipe') ? '|' : ',';
    const expected = await csvParse(bytes, delimiter);
    const whole = tokenize(bytes, { delimiter });
    expect(ours(whole)).toEqual(expected);
    for (const chunk of [1, 3, 7]) expect(tokenize(bytes, { delimiter, chunk })).toEqual(whole);
  });

  it('on 3,000 random inputs of quotes, delimiters and line breaks', async () => {
    let seed = 1;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['a', 'b', ',', ',', '"', '"', '""', '\n', '\r\n', '\r', ' ', 'é', ';'];
    for (let run = 0; run < 3000; run++) {
      let text = '';
      const length = random(40);
      for (let i = 0; i < length; i++) text += alphabet[random(alphabet.length)];
      const bytes = Buffer.from(text);
      const expected = await csvParse(bytes);
      const whole = tokenize(bytes);
      if (JSON.stringify(ours(whole)) !== JSON.stringify(expected)) {
        throw new Error(`differs from csv-parse on ${JSON.stringify(text)}: ${JSON.stringify(ours(whole))} vs ${JSON.stringify(expected)}`);
      }
      expect(tokenize(bytes, { chunk: 1 + random(5) })).toEqual(whole);
    }
  });
});

describe('CsvTokenizer', () => {
  it('reports the line each record starts on, counting CRLF inside quotes once', () => {
    const tokens = tokenize(Buffer.from('h\r\n"a\r\nb"\r\n\r\nc\r"d\re"\nf'));
    expect(tokens.map((t) => t.line)).toEqual([1, 2, 4, 5, 6, 8]);
  });

  it('rejects a record over maxRecordBytes and carries on after it', () => {
    const big = `"${'x'.repeat(500)}\n${'y'.repeat(500)}"`;
    const tokens = tokenize(Buffer.from(`h\n${big},z\nafter\n`), { max: 100, chunk: 64 });
    expect(tokens).toEqual([
      { record: ['h'], line: 1 },
      { reject: 'record (lines 2-3) is larger than 100 bytes', line: 2 },
      { record: ['after'], line: 4 },
    ]);
  });

  it('rejects an over-long complete record found in one chunk', () => {
    expect(tokenize(Buffer.from(`h\n${'x'.repeat(200)}\nok\n`), { max: 100 })).toEqual([
      { record: ['h'], line: 1 },
      { reject: 'record is larger than 100 bytes', line: 2 },
      { record: ['ok'], line: 3 },
    ]);
  });

  it('keeps memory bounded while skipping a 2 MB unterminated field, and names its start line', () => {
    const input = Buffer.from(`h\nok\n"${'z\n'.repeat(1_000_000)}`);
    const tokens = tokenize(input, { max: 64 * 1024, chunk: 64 * 1024 });
    expect(tokens).toEqual([
      { record: ['h'], line: 1 },
      { record: ['ok'], line: 2 },
      { reject: 'unterminated quoted field: the record starting at line 3 runs to the end of the file', line: 3 },
    ]);
  });

  it('swallows the LF of a CRLF split across chunks after a skipped record', () => {
    const input = Buffer.from(`h\r\n${'x'.repeat(150)}\r\nnext\r\n`);
    const tokens = tokenize(input, { max: 100, chunk: 155 }); // the CR is the last byte of the first chunk
    expect(tokens).toEqual([
      { record: ['h'], line: 1 },
      { reject: 'record is larger than 100 bytes', line: 2 },
      { record: ['next'], line: 3 },
    ]);
  });
});
