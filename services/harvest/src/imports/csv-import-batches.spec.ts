import { CsvFileError } from '../../../../libs/lead-intake/src/index.js';
import { importBatches, type ImportBatch } from './csv-import-batches.js';
import { parseImportBatches } from './csv-import-thread.js';

const seenAt = '2026-12-04T00:00:00.000Z';
const csv = [
  'Email,First Name,Company',
  'ada@x.example,Ada,Analytical',
  'not-an-email,Bob,Nowhere',
  'grace@x.example,Grace,Navy',
  'ADA@x.example,,Engines',
  'linus@x.example,Linus,',
].join('\n');

async function all(batches: AsyncIterable<ImportBatch>): Promise<ImportBatch[]> {
  const out: ImportBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

describe('importBatches', () => {
  it('cuts batches of rows + rejections, collapses repeats of an email and encodes the leads for COPY', async () => {
    const batches = await all(importBatches([Buffer.from(csv)], { batchRows: 4, afterLine: 0, seenAt }));
    expect(batches.map((b) => [b.imported, b.rejections.length, b.lastLine])).toEqual([
      [3, 1, 5],
      [1, 0, 6],
    ]);
    const [first] = batches;
    // ada on lines 2 and 5: one lead, the later line, the later company, the earlier first name.
    expect(first!.leads.map((l) => [l.email, l.line])).toEqual([
      ['ada@x.example', 5],
      ['grace@x.example', 4],
    ]);
    expect(first!.leads[0]!.fields.split('\t').slice(0, 5)).toEqual(['ada@x.example', 'Ada', '\\N', '\\N', 'Engines']);
    expect(first!.rejections[0]).toMatchObject({ line: 3, field: 'email' });
  });

  it('reads past lines an earlier attempt committed, and ends with an empty batch at the end of the file', async () => {
    const batches = await all(importBatches([Buffer.from(csv)], { batchRows: 2, afterLine: 5, seenAt }));
    expect(batches.map((b) => [b.leads.map((l) => l.email), b.lastLine])).toEqual([[['linus@x.example'], 6]]);
    const exact = await all(importBatches([Buffer.from(csv)], { batchRows: 1, afterLine: 5, seenAt }));
    expect(exact.map((b) => [b.imported, b.lastLine])).toEqual([
      [1, 6],
      [0, 6],
    ]);
  });

  it('fails on a file that cannot be imported, as readLeadCsv does', async () => {
    const empty = (async function* () {
      yield Buffer.alloc(0);
    })();
    await expect(all(parseImportBatches(empty, { batchRows: 10, afterLine: 0, seenAt }))).rejects.toBeInstanceOf(CsvFileError);
  });
});
