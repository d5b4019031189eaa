/**
 * Finds the end of one CSV record without keeping it, for records the parser gave up on (too large). It
 * mirrors csv-parse with relax_quotes: a quote opens a quoted field only at the start of a field, `""` inside
 * quotes is a literal quote, and a closing quote followed by anything else carries on as an unquoted field.
 * Only this rare path reads bytes twice; csv-tokenizer.ts does all normal parsing.
 */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export class RecordSkipper {
  private state = FIELD_START;
  private lastWasCr = false;
  /** Line breaks inside the record so far (CRLF counts once), not counting the one that ends it. */
  lineBreaks = 0;
  /** The record ended with a CR that was the last byte fed: drop a LF at the start of the next chunk. */
  endedOnCr = false;

  constructor(private readonly delimiter: number) {}

  /** True while inside a quoted field: at end of input this means an unterminated quote. */
  get inQuotes(): boolean {
    return this.state === QUOTED;
  }

  /** Consumes bytes; returns the index just past the record's terminating line break, or -1 if it goes on. */
  feed(buf: Uint8Array): number {
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (this.state === QUOTED) {
        if (b === QUOTE) {
          this.state = QUOTE_SEEN;
          this.lastWasCr = false;
        } else {
          this.countBreak(b);
        }
        continue;
      }
      if (this.state === QUOTE_SEEN && b === QUOTE) {
        this.state = QUOTED;
        continue;
      }
      if (b === CR || b === LF) {
        if (b === CR) {
          if (i + 1 < buf.length) return buf[i + 1] === LF ? i + 2 : i + 1;
          this.endedOnCr = true;
        }
        return i + 1;
      }
      if (b === this.delimiter) this.state = FIELD_START;
      else if (this.state === FIELD_START && b === QUOTE) this.state = QUOTED;
      else this.state = UNQUOTED;
      this.lastWasCr = false;
    }
    return -1;
  }

  private countBreak(b: number): void {
    if (b === CR) this.lineBreaks++;
    else if (b === LF && !this.lastWasCr) this.lineBreaks++;
    this.lastWasCr = b === CR;
  }
}
