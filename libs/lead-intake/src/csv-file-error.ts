/** The file as a whole cannot be imported (empty, not text, no usable header). Row problems are rejections instead. */
export class CsvFileError extends Error {
  constructor(
    readonly reason: string,
    /** 1-based file line the problem was found on, when there is one. */
    readonly line?: number,
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
    this.name = 'CsvFileError';
  }
}
