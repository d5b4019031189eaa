import { parentPort, workerData } from 'node:worker_threads';
import { CsvFileError } from '#libs/lead-intake';
import { importBatches, type ImportBatchOptions } from './csv-import-batches.js';
import { BATCHES_AHEAD, CHUNKS_AHEAD, type FromParser, type ToParser } from './csv-import-thread.js';

/**
 * The parsing thread of an import (csv-import-thread.ts starts it): pulls file chunks from the main thread,
 * posts encoded batches back, and stops parsing while BATCHES_AHEAD batches wait there.
 */
const port = parentPort!;
const options = workerData as ImportBatchOptions;
const post = (message: FromParser, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

const chunks: Array<Uint8Array | null> = [];
let requested = 0;
let credit = BATCHES_AHEAD;
let wake: (() => void) | undefined;

port.on('message', (m: ToParser) => {
  if (m.kind === 'chunk') chunks.push(m.bytes);
  else if (m.kind === 'end') chunks.push(null);
  else credit++;
  wake?.();
});

const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
};

async function* input(): AsyncGenerator<Buffer> {
  for (;;) {
    // Keep a read ahead of the parser, so it never waits for a round trip to the main thread.
    while (requested < CHUNKS_AHEAD) {
      requested++;
      post({ kind: 'pull' });
    }
    await until(() => chunks.length > 0);
    const chunk = chunks.shift()!;
    requested--;
    if (chunk === null) return;
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

try {
  for await (const batch of importBatches(input(), options)) {
    await until(() => credit > 0);
    credit--;
    post({ kind: 'batch', batch });
  }
  post({ kind: 'done' });
} catch (err) {
  const e = err as Error;
  post(err instanceof CsvFileError ? { kind: 'file-error', reason: err.reason, line: err.line } : { kind: 'error', message: e?.stack ?? String(err) });
}
