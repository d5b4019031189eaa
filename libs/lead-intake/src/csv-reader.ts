import iconv from 'iconv-lite';
import { CsvFileError } from './csv-file-error.js';
import { mapHeader, validateRow } from './csv-row.js';
import { detectEncoding, sniffDelimiter, type CsvDelimiter, type CsvEncoding } from './csv-sniff.js';
import { CsvTokenizer, type TokenSink } from './csv-tokenizer.js';
import type { CanonicalField, LeadInput } from './lead-fields.js';

/**
 * Streaming lead CSV reader. Memory stays flat: input is read in
 * chunks of at most 64 KiB, each record is bounded by maxRecordBytes, and events are produced as the consumer
 * pulls them. Every data record ends as exactly one `row` or `rejected` event, so accepted + rejected = total.
 */
export interface ReadLeadCsvOptions {
  /** Largest record, in bytes of UTF-8 text (default 64 KiB). Larger records are rejected and skipped. */
  maxRecordBytes?: number;
  /** Most columns a header may have (default 1000). */
  maxColumns?: number;
  /** Override delimiter sniffing. */
  delimiter?: CsvDelimiter;
  /** Override encoding detection (a matching BOM is still stripped). */
  encoding?: CsvEncoding;
}

export type CsvEvent =
  | {
      kind: 'header';
      line: number;
      columns: (CanonicalField | null)[];
      unknown: string[];
      delimiter: CsvDelimiter;
      encoding: CsvEncoding;
    }
  | { kind: 'row'; line: number; lead: LeadInput }
  | { kind: 'rejected'; line: number; field?: string; reason: string }
  | { kind: 'summary'; total: number; accepted: number; rejected: number; blankLines: number };

/** A stream or (async) iterable of chunks; a whole Buffer or string is one chunk. */
export type CsvInput = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string> | NodeJS.ReadableStream | Buffer | string;

const CHUNK_BYTES = 64 * 1024;
const SAMPLE_BYTES = 64 * 1024;
const MIN_CHUNK_BYTES = 16 * 1024;
const BOMS: Partial<Record<CsvEncoding, number[]>> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'utf-32le': [0xff, 0xfe, 0, 0],
  'utf-32be': [0, 0, 0xfe, 0xff],
};

/** Throws CsvFileError when the file as a whole is unusable; everything else is an event. */
export async function* readLeadCsv(input: CsvInput, options: ReadLeadCsvOptions = {}): AsyncGenerator<CsvEvent> {
  const source = chunkIterator(input);
  try {
    const { head, done } = await takeSample(source);
    if (head.length === 0) throw new CsvFileError('file is empty');
    const detected = options.encoding ? { encoding: options.encoding, bomLength: bomLength(head, options.encoding) } : detectEncoding(head);
    const text = utf8Chunks(detected.encoding, head.subarray(detected.bomLength), done ? undefined : source);
    const first = await text.next();
    if (first.done) throw new CsvFileError('file is empty (it holds only a byte-order mark)');
    const reader = new LeadCsvReader(options, detected.encoding, options.delimiter ?? sniffDelimiter(first.value));
    const { events } = reader;
    for (let next: IteratorResult<Buffer> = first; !next.done; next = await text.next()) {
      reader.push(next.value);
      for (let i = 0; i < events.length; i++) yield events[i]!;
      events.length = 0;
    }
    reader.finish();
    yield* events;
  } finally {
    await source.return?.();
  }
}

export type CsvHeader = Extract<CsvEvent, { kind: 'header' }>;

/**
 * The header of a file (its encoding, delimiter, mapped and ignored columns) without reading the rows: reading
 * stops at the header. Throws CsvFileError as readLeadCsv does, for a file without a usable header.
 */
export async function readLeadCsvHeader(input: CsvInput, options: ReadLeadCsvOptions = {}): Promise<CsvHeader> {
  for await (const event of readLeadCsv(input, options)) if (event.kind === 'header') return event;
  throw new CsvFileError('no header row: the file has only blank lines');
}

class LeadCsvReader implements TokenSink {
  private readonly tokenizer: CsvTokenizer;
  private readonly maxColumns: number;
  private columns: (CanonicalField | null)[] | undefined;
  private total = 0;
  private accepted = 0;
  private rejected = 0;
  private blankLines = 0;
  /** Events produced by the chunk being tokenised; the generator hands them out. */
  readonly events: CsvEvent[] = [];

  constructor(
    options: ReadLeadCsvOptions,
    private readonly encoding: CsvEncoding,
    private readonly delimiter: CsvDelimiter,
  ) {
    this.tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), options.maxRecordBytes ?? 64 * 1024);
    this.maxColumns = options.maxColumns ?? 1000;
  }

  push(chunk: Buffer): void {
    this.tokenizer.push(chunk, this);
  }

  finish(): void {
    this.tokenizer.end(this);
    if (!this.columns) throw new CsvFileError('no header row: the file has only blank lines');
    this.events.push({ kind: 'summary', total: this.total, accepted: this.accepted, rejected: this.rejected, blankLines: this.blankLines });
  }

  record(cells: string[], line: number): void {
    if (isBlank(cells)) {
      this.blankLines++;
      return;
    }
    if (!this.columns) {
      this.events.push(this.header(cells, line));
      return;
    }
    this.total++;
    const result = validateRow(cells, this.columns, line);
    if (result.ok) {
      this.accepted++;
      this.events.push({ kind: 'row', line, lead: result.lead });
      return;
    }
    this.rejected++;
    this.events.push(
      result.field === undefined
        ? { kind: 'rejected', line, reason: result.reason }
        : { kind: 'rejected', line, field: result.field, reason: result.reason },
    );
  }

  reject(line: number, reason: string): void {
    if (!this.columns) throw new CsvFileError(`header row: ${reason}`, line);
    this.total++;
    this.rejected++;
    this.events.push({ kind: 'rejected', line, reason });
  }

  private header(cells: string[], line: number): CsvEvent {
    if (cells.length > this.maxColumns) {
      throw new CsvFileError(`header has ${cells.length} columns; at most ${this.maxColumns} are supported`, line);
    }
    const mapped = mapHeader(cells);
    if (!mapped.ok) throw new CsvFileError(mapped.reason, line);
    this.columns = mapped.columns;
    return { kind: 'header', line, columns: mapped.columns, unknown: mapped.unknown, delimiter: this.delimiter, encoding: this.encoding };
  }
}

/** A blank line, or a row of empty cells (",,,,"), which spreadsheets pad files with: not a data record. */
function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.length > 0 && cell.trim() !== '') return false;
  return true;
}

function chunkIterator(input: CsvInput): AsyncIterator<unknown> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) return chunkIterator([input]);
  if (Symbol.asyncIterator in input) return (input as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const it = (input as Iterable<unknown>)[Symbol.iterator]();
  return { next: async () => it.next(), return: async () => it.return?.() ?? { done: true, value: undefined } };
}

async function takeSample(source: AsyncIterator<unknown>): Promise<{ head: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < SAMPLE_BYTES) {
    const next = await source.next();
    if (next.done) return { head: Buffer.concat(parts), done: true };
    const buf = toBuffer(next.value);
    parts.push(buf);
    size += buf.length;
  }
  return { head: Buffer.concat(parts), done: false };
}

/** UTF-8 text in slices of at most CHUNK_BYTES, transcoding other encodings. */
async function* utf8Chunks(encoding: CsvEncoding, head: Buffer, rest: AsyncIterator<unknown> | undefined): AsyncGenerator<Buffer> {
  const decoder = encoding === 'utf-8' ? undefined : iconv.getDecoder(encoding, { stripBOM: false });
  const text = (buf: Buffer) => (decoder ? Buffer.from(decoder.write(buf), 'utf8') : buf);
  yield* slices(text(head));
  if (rest) {
    // Tiny chunks (a trickling upload) are gathered first: an unfinished record is re-read on every chunk.
    let parts: Buffer[] = [];
    let size = 0;
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      const buf = toBuffer(next.value);
      parts.push(buf);
      size += buf.length;
      if (size < MIN_CHUNK_BYTES) continue;
      yield* slices(text(parts.length === 1 ? buf : Buffer.concat(parts)));
      parts = [];
      size = 0;
    }
    if (size > 0) yield* slices(text(Buffer.concat(parts)));
  }
  const tail = decoder?.end();
  if (tail) yield Buffer.from(tail, 'utf8');
}

function* slices(buf: Buffer): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += CHUNK_BYTES) yield buf.subarray(i, i + CHUNK_BYTES);
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`readLeadCsv: input chunks must be Buffers or strings, got ${typeof chunk}`);
}

function bomLength(head: Buffer, encoding: CsvEncoding): number {
  const bom = BOMS[encoding] ?? [];
  return bom.length > 0 && head.length >= bom.length && bom.every((b, i) => head[i] === b) ? bom.length : 0;
}
