import { readdirSync, readFileSync } from 'node:fs';
import { malformedFixtures } from '../../../test/fixtures/csv/make-malformed.js';
import { CsvFileError } from './csv-file-error.js';
import { readLeadCsv, type CsvEvent } from './csv-reader.js';

// Every malformed file either fails as a whole with a CsvFileError that says why, or
// yields events where accepted + rejected = total. None may crash or hang.
const dir = new URL('../../../test/fixtures/csv/malformed/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
const TIMEOUT_MS = 5000;

type Outcome = { events: CsvEvent[]; error?: undefined } | { events: CsvEvent[]; error: CsvFileError };

async function read(name: string, chunk?: number): Promise<Outcome> {
  const bytes = readFileSync(new URL(name, dir));
  const chunks = chunk ? Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk)) : [bytes];
  const events: CsvEvent[] = [];
  const run = (async (): Promise<Outcome> => {
    try {
      for await (const event of readLeadCsv(chunks)) events.push(event);
      return { events };
    } catch (error) {
      if (error instanceof CsvFileError) return { events, error };
      throw error;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: did not finish within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const rows = (o: Outcome) => o.events.flatMap((e) => (e.kind === 'row' ? [e] : []));
const rejections = (o: Outcome) => o.events.flatMap((e) => (e.kind === 'rejected' ? [e] : []));
const header = (o: Outcome) => o.events.find((e) => e.kind === 'header') as Extract<CsvEvent, { kind: 'header' }> | undefined;

describe('malformed CSV corpus', () => {
  it('has at least 40 files, all produced by make-malformed.ts', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files).toEqual(malformedFixtures.map((f) => f.name).sort());
    for (const { name, bytes } of malformedFixtures) expect(readFileSync(new URL(name, dir)).equals(bytes)).toBe(true);
  });

  it.each(files)('%s: finishes, and either fails with a reason or balances', async (name) => {
    const outcome = await read(name);
    if (outcome.error) {
      expect(outcome.error.reason.length).toBeGreaterThan(5);
      expect(outcome.events.filter((e) => e.kind !== 'header')).toEqual([]);
      return;
    }
    const summary = outcome.events.at(-1);
    expect(summary?.kind).toBe('summary');
    if (summary?.kind !== 'summary') return;
    expect(summary.accepted + summary.rejected).toBe(summary.total);
    expect(summary.accepted).toBe(rows(outcome).length);
    expect(summary.rejected).toBe(rejections(outcome).length);
    for (const r of rejections(outcome)) expect(r.reason).not.toBe('');
  });

  it.each(files)('%s: gives the same result read in 5-byte chunks', async (name) => {
    const whole = await read(name);
    const chunked = await read(name, 5);
    expect(chunked.events).toEqual(whole.events);
    expect(chunked.error?.message).toEqual(whole.error?.message);
  });
});

describe('malformed CSV corpus: specific expectations', () => {
  it.each([
    ['empty.csv', 'file is empty'],
    ['bom-only.csv', 'file is empty (it holds only a byte-order mark)'],
    ['blank-lines-only.csv', 'no header row: the file has only blank lines'],
    ['missing-header.csv', 'no header row: the first line looks like data (column 1 is an email address)'],
    ['no-email-column.csv', 'header has no email column'],
    ['comment-line.csv', 'header has no email column'],
    ['duplicate-headers.csv', 'duplicate header "email" at columns 1 and 3'],
    ['duplicate-alias-headers.csv', 'headers "Email" (column 1) and "E-mail Address" (column 3) both map to email'],
    ['empty-header-name.csv', 'header at column 2 is empty'],
    ['wide-header.csv', 'header has 1500 columns; at most 1000 are supported'],
    ['binary-junk.csv', 'not a text CSV file: '],
    ['xlsx-renamed.csv', 'not a text CSV file: it looks like a ZIP archive'],
  ])('%s fails with "%s"', async (name, reason) => {
    const outcome = await read(name);
    expect(outcome.error).toBeInstanceOf(CsvFileError);
    expect(outcome.error?.reason).toContain(reason);
  });

  it.each([
    ['delimiter-semicolon.csv', ';', 3, 0],
    ['bom-utf8-semicolon.csv', ';', 3, 0],
    ['delimiter-tab.csv', '\t', 3, 0],
    ['delimiter-pipe.csv', '|', 3, 0],
    ['bom-utf8.csv', ',', 3, 0],
    ['line-endings-crlf.csv', ',', 3, 0],
    ['line-endings-cr.csv', ',', 3, 0],
    ['line-endings-mixed.csv', ',', 3, 0],
    ['quoted-everything.csv', ',', 3, 0],
    ['trailing-delimiter.csv', ',', 3, 0],
    ['trailing-delimiter-rows-only.csv', ',', 0, 3],
    ['header-only.csv', ',', 0, 0],
    ['header-only-no-newline.csv', ',', 0, 0],
    ['ragged-rows.csv', ',', 2, 2],
    ['mixed-delimiters.csv', ',', 2, 1],
    ['space-before-quote.csv', ',', 1, 1],
    ['bad-field-values.csv', ',', 1, 5],
    ['binary-junk-rows.csv', ',', 2, 1],
    ['invalid-utf8.csv', ',', 2, 1],
    ['nul-bytes.csv', ',', 4, 0],
    ['long-field.csv', ',', 1, 1],
  ])('%s: delimiter %j, %d accepted, %d rejected', async (name, delimiter, accepted, rejected) => {
    const outcome = await read(name);
    expect(header(outcome)?.delimiter).toBe(delimiter);
    expect(outcome.events.at(-1)).toMatchObject({ kind: 'summary', accepted, rejected, total: accepted + rejected });
  });

  it('strips a UTF-8 BOM so the first header is "email"', async () => {
    expect(header(await read('bom-utf8.csv'))?.columns[0]).toBe('email');
  });

  it.each(['bom-utf16le.csv', 'bom-utf16be.csv', 'utf16le-no-bom.csv'])('%s decodes names', async (name) => {
    const outcome = await read(name);
    expect(header(outcome)?.encoding).toMatch(/^utf-16/);
    expect(rows(outcome).map((r) => [r.lead.firstName, r.lead.lastName, r.lead.company])).toEqual([
      ['Jürgen', 'Müller', 'Bücher Haus GmbH'],
      ['Zoë', 'Dupont', 'Café Lumière'],
    ]);
    expect(rows(outcome)[0]?.lead.email).toBe('jürgen.müller@xn--bcher-haus-9db.example');
  });

  it('reads a Windows-1252 export as such', async () => {
    const outcome = await read('windows-1252.csv');
    expect(header(outcome)?.encoding).toBe('windows-1252');
    expect(rows(outcome).map((r) => r.lead.firstName)).toEqual(['René', 'Søren']);
  });

  it('rejects the one row with invalid UTF-8 and names its line', async () => {
    expect(rejections(await read('invalid-utf8.csv'))).toEqual([
      { kind: 'rejected', line: 3, field: 'firstName', reason: 'firstName: text is not valid UTF-8 (is the file in another encoding?)' },
    ]);
  });

  it.each([
    ['quoted-newlines.csv', [2, 4, 8], ['line one\nline two', 'a\n\nb\nc', 'plain']],
    ['quoted-newlines-crlf.csv', [2, 4, 7], ['line one\r\nline two', 'x\r\ny\r\nz', 'plain']],
    ['cr-inside-quotes.csv', [2, 4], ['old mac\rnote', 'ok']],
  ])('%s reports the line where each record starts', async (name, lines, notes) => {
    const outcome = await read(name);
    expect(rows(outcome).map((r) => r.line)).toEqual(lines);
    expect(rows(outcome).map((r) => r.lead.notes)).toEqual(notes);
  });

  it('counts leading blank lines in line numbers', async () => {
    const outcome = await read('leading-blank-lines.csv');
    expect(header(outcome)?.line).toBe(3);
    expect(rows(outcome).map((r) => r.line)).toEqual([4, 5, 6]);
  });

  it('skips trailing blank lines and rows of empty cells', async () => {
    expect((await read('trailing-blank-lines.csv')).events.at(-1)).toEqual({ kind: 'summary', total: 3, accepted: 3, rejected: 0, blankLines: 4 });
  });

  it.each([
    ['unterminated-quote-at-end.csv', 2, 4],
    ['unterminated-quote-midfile.csv', 1, 3],
  ])('%s: the rest of the file is one rejection naming the start line', async (name, accepted, line) => {
    const outcome = await read(name);
    expect(rejections(outcome)).toEqual([
      { kind: 'rejected', line, reason: `unterminated quoted field: the record starting at line ${line} runs to the end of the file` },
    ]);
    expect(outcome.events.at(-1)).toMatchObject({ accepted, rejected: 1, total: accepted + 1 });
  });

  it('keeps formula-looking cells as data', async () => {
    const outcome = await read('formula-prefixes.csv');
    expect(rows(outcome).map((r) => [r.lead.phone, r.lead.notes])).toEqual([
      ['+49 30 1234567', '=HYPERLINK("http://evil.example","x")'],
      ['-5', '@SUM(A1:A9)'],
      ['=1+1', "+cmd|' /C calc'!A0"],
    ]);
  });

  it('un-doubles quotes and keeps stray ones', async () => {
    expect(rows(await read('doubled-quotes.csv')).map((r) => r.lead.company)).toEqual(['The "Best" Robots', '"Quoted" Co']);
    expect(rows(await read('stray-quotes.csv')).map((r) => [r.lead.firstName, r.lead.lastName])).toEqual([
      ['Dan', 'O"Brien'],
      ['"Eve"Jr', 'Smith'],
    ]);
  });

  it('keeps commas inside quoted fields', async () => {
    expect(rows(await read('delimiter-in-quotes.csv'))[0]?.lead).toMatchObject({ firstName: 'John, Jr.', company: 'Acme Robotics, Inc.' });
  });

  it('trims spaces and NBSP around emails, refuses zero-width characters inside', async () => {
    const outcome = await read('whitespace-and-nbsp-emails.csv');
    expect(rows(outcome).map((r) => r.lead.email)).toEqual(['spaced@acme-robotics.example', 'nbsp@acme-robotics.example']);
    expect(rejections(outcome)).toMatchObject([{ line: 4, field: 'email' }]);
  });

  it('gives one identity to the same address in different case and whitespace', async () => {
    expect(new Set(rows(await read('duplicate-emails.csv')).map((r) => r.lead.email))).toEqual(new Set(['ada.lovelace@acme-robotics.example']));
  });

  it('keeps phone numbers and leading zeros as text', async () => {
    expect(rows(await read('leading-zeros-and-phones.csv')).map((r) => [r.lead.phone, r.lead.employeeCount])).toEqual([
      ['0049 30 1234', 7],
      ['+1 (555) 010-0199', 1200],
    ]);
  });

  it('names the field and the limit for an over-long value', async () => {
    expect(rejections(await read('long-field.csv'))).toEqual([
      { kind: 'rejected', line: 2, field: 'notes', reason: 'notes is 20000 characters long; the limit is 10000' },
    ]);
  });

  it('maps headers with spaces, quotes and underscores', async () => {
    expect(header(await read('header-whitespace-and-quotes.csv'))?.columns).toEqual(['email', 'firstName', 'lastName', 'company']);
  });
});
