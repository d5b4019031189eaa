import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sampleLeadsCsv } from '../../../tools/launcher/demo/make-sample-leads.js';
import { CsvFileError } from './csv-file-error.js';
import { readLeadCsv, type CsvEvent, type CsvInput, type ReadLeadCsvOptions } from './csv-reader.js';

const samplePath = new URL('../../../tools/launcher/demo/sample-leads.csv', import.meta.url);

async function collect(input: CsvInput, options?: ReadLeadCsvOptions): Promise<CsvEvent[]> {
  const events: CsvEvent[] = [];
  for await (const event of readLeadCsv(input, options)) events.push(event);
  return events;
}
async function failure(input: CsvInput, options?: ReadLeadCsvOptions): Promise<CsvFileError> {
  try {
    await collect(input, options);
  } catch (error) {
    if (error instanceof CsvFileError) return error;
    throw error;
  }
  throw new Error('expected a CsvFileError');
}
const summary = (events: CsvEvent[]) => events.at(-1);
const chunked = (bytes: Buffer, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

describe('readLeadCsv on the demo file', () => {
  it('reads sample-leads.csv from a file stream: 195 leads (192 people), 5 rejections with lines', async () => {
    const events = await collect(createReadStream(samplePath));
    expect(summary(events)).toEqual({ kind: 'summary', total: 200, accepted: 195, rejected: 5, blankLines: 0 });
    const emails = new Set(events.flatMap((e) => (e.kind === 'row' ? [e.lead.email] : [])));
    expect(emails.size).toBe(192);
    expect(events.flatMap((e) => (e.kind === 'rejected' ? [[e.line, e.field]] : []))).toEqual([
      [205, 'email'],
      [206, 'country'],
      [207, 'employeeCount'],
      [208, 'timeZone'],
      [209, undefined],
    ]);
  });

  it('matches its generator', () => {
    expect(readFileSync(samplePath, 'utf8')).toBe(sampleLeadsCsv());
  });

  it('gives the same events however the input is chunked', async () => {
    const bytes = readFileSync(samplePath);
    const whole = await collect([bytes]);
    for (const size of [1, 2, 13, 4096]) expect(await collect(chunked(bytes, size))).toEqual(whole);
    expect(await collect(Readable.from(chunked(bytes, 100)))).toEqual(whole);
    expect(await collect(bytes.toString('utf8'))).toEqual(whole);
  });
});

describe('readLeadCsv streaming', () => {
  it('stops reading and destroys the input when the consumer stops early', async () => {
    const stream = createReadStream(samplePath, { highWaterMark: 1024 });
    for await (const event of readLeadCsv(stream)) if (event.kind === 'row') break;
    expect(stream.destroyed).toBe(true);
  });

  it('rejects a 2 MB quoted field with its start line and parses the rows after it', async () => {
    const huge = `"${'Long note line.\n'.repeat(131_072)}"`; // 2 MiB, 131,072 line breaks
    const input = `email,notes\na@acme.example,short\nb@acme.example,${huge}\nc@acme.example,after\n`;
    const events = await collect(chunked(Buffer.from(input), 64 * 1024));
    expect(events.filter((e) => e.kind !== 'header')).toEqual([
      { kind: 'row', line: 2, lead: { email: 'a@acme.example', notes: 'short' } },
      { kind: 'rejected', line: 3, reason: 'record (lines 3-131075) is larger than 65536 bytes' },
      { kind: 'row', line: 131_076, lead: { email: 'c@acme.example', notes: 'after' } },
      { kind: 'summary', total: 3, accepted: 2, rejected: 1, blankLines: 0 },
    ]);
  });

  it('rejects a 2 MB unquoted line (no line break for 2 MB) and carries on', async () => {
    const input = `email,notes\nx@acme.example,${'y'.repeat(2 * 1024 * 1024)}\nz@acme.example,ok\n`;
    const events = await collect(chunked(Buffer.from(input), 64 * 1024));
    expect(events.slice(1)).toEqual([
      { kind: 'rejected', line: 2, reason: 'record is larger than 65536 bytes' },
      { kind: 'row', line: 3, lead: { email: 'z@acme.example', notes: 'ok' } },
      { kind: 'summary', total: 2, accepted: 1, rejected: 1, blankLines: 0 },
    ]);
  });

  it('honours maxRecordBytes', async () => {
    const events = await collect(`email,notes\na@acme.example,${'n'.repeat(300)}\n`, { maxRecordBytes: 256 });
    expect(events[1]).toEqual({ kind: 'rejected', line: 2, reason: 'record is larger than 256 bytes' });
  });

  it('balances over 100,000 generated rows with scattered bad ones', async () => {
    function* rows() {
      yield Buffer.from('email,first_name,employees\n');
      for (let block = 0; block < 100; block++) {
        let text = '';
        for (let i = 0; i < 1000; i++) {
          const n = block * 1000 + i;
          text += n % 997 === 0 ? `broken-${n},X,1\n` : n % 1009 === 0 ? `r${n}@acme.example,X\n` : `p${n}@acme.example,P${n},${n % 500}\n`;
        }
        yield Buffer.from(text);
      }
    }
    const counts = { row: 0, rejected: 0 };
    let last: CsvEvent | undefined;
    for await (const event of readLeadCsv(rows())) {
      if (event.kind === 'row' || event.kind === 'rejected') counts[event.kind]++;
      last = event;
    }
    expect(last).toEqual({ kind: 'summary', total: 100_000, accepted: counts.row, rejected: counts.rejected, blankLines: 0 });
    expect(counts.rejected).toBe(101 + 99);
  });

  it('rejects binary junk that starts after the sniffed sample, row by row', async () => {
    const good = `email,first_name\n${'g@acme.example,Good\n'.repeat(5000)}`; // ~100 KB of text first
    const junk = Buffer.from('j@acme.example,\u0001\u0002\u0003\nk@acme.example,\u0000\u0000ok\n');
    const events = await collect([Buffer.from(good), junk]);
    expect(events.filter((e) => e.kind === 'rejected')).toEqual([
      { kind: 'rejected', line: 5002, field: 'firstName', reason: 'firstName: binary data (control character U+0001)' },
    ]);
    expect(summary(events)).toMatchObject({ total: 5002, accepted: 5001, rejected: 1 });
  });
});

describe('readLeadCsv detection', () => {
  it('strips a UTF-8 BOM split across chunks', async () => {
    const bytes = Buffer.from('\uFEFFemail;first_name\na@acme.example;Ann\n');
    const events = await collect(chunked(bytes, 1));
    expect(events[0]).toMatchObject({ kind: 'header', columns: ['email', 'firstName'], delimiter: ';', encoding: 'utf-8' });
  });

  it('transcodes UTF-16LE with characters split across chunks (including surrogate pairs)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\tnotes\r\nü@acme.example\t🚀 Müller\r\n', 'utf16le')]);
    const events = await collect(chunked(bytes, 3));
    expect(events.slice(0, 2)).toEqual([
      { kind: 'header', line: 1, columns: ['email', 'notes'], unknown: [], delimiter: '\t', encoding: 'utf-16le' },
      { kind: 'row', line: 2, lead: { email: 'ü@acme.example', notes: '🚀 Müller' } },
    ]);
  });

  it('takes the delimiter and encoding from options', async () => {
    const bytes = Buffer.from('Email;x,y;First Name\nrene@acme.example;1,2;René\n', 'latin1');
    const events = await collect(bytes, { delimiter: ';', encoding: 'windows-1252' });
    expect(events[0]).toMatchObject({ columns: ['email', null, 'firstName'], unknown: ['x,y'], delimiter: ';', encoding: 'windows-1252' });
    expect(events[1]).toEqual({ kind: 'row', line: 2, lead: { email: 'rene@acme.example', firstName: 'René' } });
  });

  it('does not treat a delimiter inside a quoted header as the delimiter', async () => {
    const events = await collect('email;"first, name";"company, inc"\nx@acme.example;y;z\n');
    expect(events[0]).toMatchObject({ delimiter: ';' });
  });
});

describe('readLeadCsv file errors', () => {
  it.each<[string, CsvInput, string, number | undefined]>([
    ['an empty stream', [], 'file is empty', undefined],
    ['empty chunks only', [Buffer.alloc(0), ''], 'file is empty', undefined],
    ['a header longer than maxRecordBytes', `email,${'x'.repeat(70_000)}\n`, 'header row: record is larger than 65536 bytes', 1],
    ['an unterminated quote in the header', 'email,"first\n', 'header row: unterminated quoted field', 1],
    ['a PDF', Buffer.from('%PDF-1.7\n...'), 'not a text CSV file: it looks like a PDF document', undefined],
    ['a gzip file', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), 'not a text CSV file: it looks like a gzip archive', undefined],
  ])('refuses %s', async (_name, input, reason, line) => {
    const error = await failure(input);
    expect(error.reason).toContain(reason);
    expect(error.line).toBe(line);
    expect(error.name).toBe('CsvFileError');
  });

  it('puts the line in the message', async () => {
    expect((await failure('\n\nname,company\n')).message).toBe(
      'line 3: header has no email column (expected a header such as "email", "E-mail" or "Email Address")',
    );
  });
});
