import { Worker } from 'node:worker_threads';
import { CsvFileError } from '#libs/lead-intake';
import { importBatches, type ImportBatch, type ImportBatchOptions } from './csv-import-batches.js';

/** Batches the parsing thread may have waiting on the main thread; with the one being written, memory stays flat. */
export const BATCHES_AHEAD = 2;
/** File chunks the parsing thread asks for ahead of need. */
export const CHUNKS_AHEAD = 2;

export type ToParser = { kind: 'chunk'; bytes: Uint8Array } | { kind: 'end' } | { kind: 'took' };
export type FromParser =
  | { kind: 'pull' }
  | { kind: 'batch'; batch: ImportBatch }
  | { kind: 'done' }
  | { kind: 'file-error'; reason: string; line?: number }
  | { kind: 'error'; message: string };

const workerUrl = new URL('./csv-import.worker.js', import.meta.url);

/**
 * The import's batches (importBatches), parsed in a worker thread. Parsing is most of an import's CPU, and on the
 * connection's thread each burst of it held up the COPY stream of the batch being written, so the server waited;
 * in its own thread it overlaps with the writing. The main thread only reads the file and hands chunks over.
 * Run from sources (the unit tests, where the worker cannot be loaded as compiled JavaScript), it parses inline.
 */
export function parseImportBatches(input: AsyncIterable<Buffer | string> | NodeJS.ReadableStream, options: ImportBatchOptions): AsyncGenerator<ImportBatch> {
  if (!import.meta.url.endsWith('.js')) return importBatches(input as AsyncIterable<Buffer | string>, options);
  return threaded(input as AsyncIterable<Buffer | string>, options);
}

async function* threaded(input: AsyncIterable<Buffer | string>, options: ImportBatchOptions): AsyncGenerator<ImportBatch> {
  const source = input[Symbol.asyncIterator]();
  const worker = new Worker(workerUrl, { workerData: options });
  const batches: ImportBatch[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const fail = (err: unknown) => {
    failure ??= err;
    wake?.();
  };

  const pull = async () => {
    try {
      const next = await source.next();
      if (next.done) return worker.postMessage({ kind: 'end' } satisfies ToParser);
      // A copy of exactly the chunk's bytes, so it can be transferred: a Buffer may be a view into a shared pool.
      const bytes = new Uint8Array(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
      worker.postMessage({ kind: 'chunk', bytes } satisfies ToParser, [bytes.buffer as ArrayBuffer]);
    } catch (err) {
      fail(err);
    }
  };
  worker.on('message', (m: FromParser) => {
    if (m.kind === 'pull') void pull();
    else if (m.kind === 'batch') batches.push(m.batch);
    else if (m.kind === 'done') done = true;
    else if (m.kind === 'file-error') failure ??= new CsvFileError(m.reason, m.line);
    else failure ??= new Error(`CSV parsing thread failed: ${m.message}`);
    wake?.();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!done) fail(new Error(`CSV parsing thread exited (code ${code}) before the end of the file`));
  });

  try {
    for (;;) {
      const batch = batches.shift();
      if (batch) {
        worker.postMessage({ kind: 'took' } satisfies ToParser);
        yield batch;
      } else if (failure !== undefined) {
        throw failure;
      } else if (done) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
  } finally {
    done = true;
    await worker.terminate();
    await source.return?.();
  }
}
