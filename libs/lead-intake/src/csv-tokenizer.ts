import { RecordSkipper } from './csv-skip.js';

/**
 * Splits UTF-8 CSV bytes into records of string cells, streaming, with the file line each record starts on.
 *
 * Why not csv-parse: on our reference machine csv-parse 7 tops out near 100k rows/s for 150-byte lead rows
 * before any validation (it inspects every byte through several calls), and imports must run well above that.
 * This tokenizer uses Buffer.indexOf for the common quote-free record and walks bytes only for quoted ones.
 * Its output is kept identical to csv-parse with { relax_quotes, relax_column_count, record_delimiter:
 * CRLF|LF|CR } by a differential test over the malformed corpus and random input (csv-tokenizer.spec.ts):
 * - a quote opens a quoted field only as a field's first byte; `""` inside quotes is one quote;
 * - a closing quote followed by something other than a delimiter or line break goes on as an unquoted field
 *   whose text is `"` + content + `"` + the rest (csv-parse's relax_quotes result);
 * - an empty line is a record with one empty cell; CRLF, LF and lone CR all end a record.
 * Records longer than maxRecordBytes are rejected without being held in memory (RecordSkipper skips them).
 */
export interface TokenSink {
  record(cells: string[], line: number): void;
  reject(line: number, reason: string): void;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const INCOMPLETE = -1;
const UNTERMINATED = -2;
const EMPTY = Buffer.alloc(0);

export class CsvTokenizer {
  private readonly delimiterChar: string;
  /** Bytes of an unfinished record, kept until the next chunk. */
  private carry: Buffer | undefined;
  /** File line (1-based) where the next record starts. */
  private line = 1;
  private skipper: RecordSkipper | undefined;
  private skipLine = 0;
  private swallowLf = false;
  // Result slots of parseQuoted, to avoid an object per quoted record.
  private cells: string[] = [];
  private next = 0;

  constructor(
    private readonly delimiter: number,
    private readonly maxRecordBytes: number,
  ) {
    this.delimiterChar = String.fromCharCode(delimiter);
  }

  push(chunk: Buffer, sink: TokenSink): void {
    this.run(chunk, false, sink);
  }

  end(sink: TokenSink): void {
    this.run(EMPTY, true, sink);
  }

  private run(chunk: Buffer, eof: boolean, sink: TokenSink): void {
    let buf = chunk;
    if (this.swallowLf && buf.length > 0) {
      this.swallowLf = false;
      if (buf[0] === LF) buf = buf.subarray(1);
    }
    if (this.skipper) {
      const end = eof ? -1 : this.skipper.feed(buf);
      if (end < 0 && !eof) return;
      this.endSkip(sink, end < 0);
      buf = end < 0 ? EMPTY : buf.subarray(end);
    }
    if (this.carry) {
      buf = buf.length > 0 ? Buffer.concat([this.carry, buf]) : this.carry;
      this.carry = undefined;
    }
    const pos = this.scan(buf, eof, sink);
    if (pos >= buf.length) return;
    const rest = buf.subarray(pos);
    if (rest.length <= this.maxRecordBytes) {
      this.carry = rest;
      return;
    }
    // The unfinished record is already too large: stop keeping it and skip to its end.
    this.skipper = new RecordSkipper(this.delimiter);
    this.skipLine = this.line;
    const end = this.skipper.feed(rest);
    if (end < 0) return;
    // Only a record waiting on a final CR gets here: it ends in the bytes we have.
    this.endSkip(sink, false);
    if (end < rest.length) this.run(rest.subarray(end), eof, sink);
  }

  private endSkip(sink: TokenSink, atEof: boolean): void {
    const skipper = this.skipper!;
    this.skipper = undefined;
    this.swallowLf = skipper.endedOnCr;
    const start = this.skipLine;
    this.line = start + skipper.lineBreaks + 1;
    if (atEof && skipper.inQuotes) sink.reject(start, unterminated(start));
    else sink.reject(start, this.tooLarge(start, start + skipper.lineBreaks));
  }

  /** Emits every complete record in buf; returns where the unfinished one starts (buf.length if none). */
  private scan(buf: Buffer, eof: boolean, sink: TokenSink): number {
    const n = buf.length;
    const max = this.maxRecordBytes;
    let pos = 0;
    let lf = -2;
    let cr = -2;
    let quote = -2;
    while (pos < n) {
      if (lf !== -1 && lf < pos) lf = buf.indexOf(LF, pos);
      if (cr !== -1 && cr < pos) cr = buf.indexOf(CR, pos);
      if (quote !== -1 && quote < pos) quote = buf.indexOf(QUOTE, pos);
      let end = lf === -1 ? cr : cr === -1 ? lf : lf < cr ? lf : cr;
      if (quote === -1 || (end !== -1 && end < quote)) {
        // Fast path: no quote before the line break, so cells are the line split on the delimiter.
        let next: number;
        if (end === -1) {
          if (!eof) return pos;
          end = next = n;
        } else if (buf[end] === CR) {
          if (end + 1 < n) next = buf[end + 1] === LF ? end + 2 : end + 1;
          else if (eof) next = n;
          else return pos; // a LF may follow in the next chunk
        } else {
          next = end + 1;
        }
        if (end - pos > max) sink.reject(this.line, this.tooLarge(this.line, this.line));
        else sink.record(buf.toString('utf8', pos, end).split(this.delimiterChar), this.line);
        this.line++;
        pos = next;
        continue;
      }
      const end2 = this.parseQuoted(buf, pos, eof);
      if (end2 === INCOMPLETE) return pos;
      if (end2 === UNTERMINATED) {
        sink.reject(this.line, unterminated(this.line));
        return n;
      }
      const breaks = lineBreaks(buf, pos, end2);
      if (end2 - pos > max) sink.reject(this.line, this.tooLarge(this.line, this.line + breaks));
      else sink.record(this.cells, this.line);
      this.line += breaks + 1;
      pos = this.next;
    }
    return pos;
  }

  /**
   * Parses the record at pos that has a quote in it. Returns the index of its line break (or n), with the
   * cells in this.cells and the next record's start in this.next; or INCOMPLETE / UNTERMINATED.
   */
  private parseQuoted(buf: Buffer, pos: number, eof: boolean): number {
    const n = buf.length;
    const delimiter = this.delimiter;
    const cells: string[] = [];
    let i = pos;
    for (;;) {
      let stop: number;
      if (i < n && buf[i] === QUOTE) {
        let j = i + 1;
        let escaped = false;
        let close: number;
        for (;;) {
          close = buf.indexOf(QUOTE, j);
          if (close === -1) return eof ? UNTERMINATED : INCOMPLETE;
          if (close + 1 >= n && !eof) return INCOMPLETE; // need the byte after the quote
          if (buf[close + 1] !== QUOTE) break;
          escaped = true;
          j = close + 2;
        }
        let content = buf.toString('utf8', i + 1, close);
        if (escaped) content = content.replaceAll('""', '"');
        const after = close + 1;
        const b = after < n ? buf[after] : -1;
        if (b === delimiter) {
          cells.push(content);
          i = after + 1;
          continue;
        }
        if (b === -1 || b === LF || b === CR) {
          cells.push(content);
          stop = after;
        } else {
          // relax_quotes: text after the closing quote; the field goes on unquoted and keeps its quotes.
          stop = unquotedEnd(buf, after, delimiter);
          if (stop === n && !eof) return INCOMPLETE;
          cells.push(`"${content}"${buf.toString('utf8', after, stop)}`);
        }
      } else {
        stop = unquotedEnd(buf, i, delimiter);
        if (stop === n && !eof) return INCOMPLETE;
        cells.push(buf.toString('utf8', i, stop));
      }
      if (stop < n && buf[stop] === delimiter) {
        i = stop + 1;
        continue;
      }
      if (stop < n && buf[stop] === CR) {
        if (stop + 1 >= n && !eof) return INCOMPLETE;
        this.next = buf[stop + 1] === LF ? stop + 2 : stop + 1;
      } else {
        this.next = stop < n ? stop + 1 : n;
      }
      this.cells = cells;
      return stop;
    }
  }

  private tooLarge(from: number, to: number): string {
    const span = to > from ? ` (lines ${from}-${to})` : '';
    return `record${span} is larger than ${this.maxRecordBytes} bytes`;
  }
}

function unquotedEnd(buf: Buffer, from: number, delimiter: number): number {
  let i = from;
  while (i < buf.length) {
    const b = buf[i];
    if (b === delimiter || b === LF || b === CR) return i;
    i++;
  }
  return i;
}

/** Line breaks in buf[from, to): CRLF counts once, like an editor counts lines. */
function lineBreaks(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b === CR || (b === LF && (i === from || buf[i - 1] !== CR))) n++;
  }
  return n;
}

export const unterminated = (line: number): string =>
  `unterminated quoted field: the record starting at line ${line} runs to the end of the file`;
