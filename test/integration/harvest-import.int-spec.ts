import { api, eventually } from '../setup/test-stack.js';

interface ImportJob {
  id: string;
  status: string;
  error: string | null;
  counts: { total: number; imported: number; rejected: number; created: number; merged: number };
}
interface LeadPage {
  items: Array<{ id: string; email: string; firstName: string | null; campaigns: string[] }>;
  nextCursor: string | null;
}

const campaign = 'it-import';
const csv = [
  'Email,First Name,Last Name,Title,Company,Country,Employees',
  'ada@engines.example,Ada,Lovelace,VP Engineering,Analytical Engines,GB,120',
  'not-an-email,Bad,Row,CTO,Nowhere,DE,10',
  '"grace@cobol.example","Grace","Hopper","Rear Admiral","Navy ""Labs""",US,5000',
  'ADA@Engines.Example,Ada,,,,GB,',
  'linus@kernel.example,Linus,Torvalds,Founder,Kernel Org,FI,abc',
  'ken@unix.example,Ken,Thompson,"Engineer',
  'with a newline in the title",Bell Labs,US,300',
].join('\n');

async function uploadCsv(body: string | Buffer, fileName = 'leads.csv', contentType = 'text/csv') {
  const res = await api<ImportJob>(`/campaigns/${campaign}/imports?fileName=${fileName}`, { method: 'POST', body, headers: { 'content-type': contentType } });
  expect(res.status).toBe(202);
  return eventually(async () => {
    const job = await api<ImportJob>(`/imports/${res.body.id}`);
    return job.body.status === 'completed' || job.body.status === 'failed' ? job.body : undefined;
  }, `import ${res.body.id} to finish`);
}

beforeAll(async () => {
  const created = await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Import tests', timeZone: 'Europe/Berlin' } });
  expect(created.status).toBe(201);
  expect((await api('/campaigns', { method: 'POST', json: { id: `${campaign}-bulk`, name: 'Bulk import' } })).status).toBe(201);
});

describe('CSV import through the API', () => {
  let firstJob: ImportJob;

  it('imports good rows, rejects bad ones with line numbers, and balances the counts', async () => {
    firstJob = await uploadCsv(csv);
    expect(firstJob.status).toBe('completed');
    expect(firstJob.counts).toMatchObject({ total: 6, imported: 4, rejected: 2 });
    expect(firstJob.counts.imported + firstJob.counts.rejected).toBe(firstJob.counts.total);
    // Three distinct people: Ada appears twice (case differs) and merges into one lead.
    expect(firstJob.counts.created).toBe(3);

    const rejections = await api<Array<{ line: number; field: string | null; reason: string }>>(`/imports/${firstJob.id}/rejections`);
    expect(rejections.body.map((r) => r.line)).toEqual([3, 6]);
    expect(rejections.body[0].field).toBe('email');
    expect(rejections.body[1].field).toBe('employeeCount');
  });

  it('is idempotent: the same file again adds no lead', async () => {
    const again = await uploadCsv(csv);
    expect(again.counts).toMatchObject({ total: 6, imported: 4, rejected: 2, created: 0 });
    const leads = await api<LeadPage>(`/leads?campaignId=${campaign}&limit=100`);
    expect(leads.body.items).toHaveLength(3);
  });

  it('keeps provenance: source, import id, line, first and last seen', async () => {
    const leads = await api<LeadPage>(`/leads?campaignId=${campaign}&q=ada@`);
    expect(leads.body.items).toHaveLength(1);
    const lead = await api<{ email: string; title: string; provenance: Array<{ source: string; importId: string; line: number; timesSeen: number; firstSeenAt: string; lastSeenAt: string }> }>(`/leads/${leads.body.items[0].id}`);
    expect(lead.body.email).toBe('ada@engines.example');
    // The later duplicate row had an empty title: empty never erases.
    expect(lead.body.title).toBe('VP Engineering');
    const csvProvenance = lead.body.provenance.find((p) => p.source === 'csv')!;
    expect(csvProvenance.line).toBe(5);
    expect(csvProvenance.timesSeen).toBe(2);
    expect(Date.parse(csvProvenance.lastSeenAt)).toBeGreaterThan(Date.parse(csvProvenance.firstSeenAt));
  });

  it('keeps the line where a record with a quoted newline starts', async () => {
    const leads = await api<LeadPage>(`/leads?q=ken@`);
    const lead = await api<{ title: string; provenance: Array<{ line: number }> }>(`/leads/${leads.body.items[0].id}`);
    expect(lead.body.title).toBe('Engineer\nwith a newline in the title');
    expect(lead.body.provenance[0].line).toBe(7);
  });

  it('accepts multipart uploads', async () => {
    const form = new FormData();
    form.append('file', new Blob(['email;first name\nmargaret@apollo.example;Margaret\n']), 'semicolons.csv');
    const res = await api<ImportJob>(`/campaigns/${campaign}/imports`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const done = await eventually(async () => {
      const j = await api<ImportJob>(`/imports/${res.body.id}`);
      return j.body.status === 'completed' ? j.body : undefined;
    }, 'multipart import');
    expect(done.counts).toMatchObject({ total: 1, imported: 1, created: 1 });
  });

  it('fails an unusable file with a reason and keeps nothing from it', async () => {
    const empty = await uploadCsv('', 'empty.csv');
    expect(empty.status).toBe('failed');
    expect(empty.error).toMatch(/empty/i);
    const noEmail = await uploadCsv('name,company\nx,y\n', 'no-email.csv');
    expect(noEmail.status).toBe('failed');
    expect(noEmail.error).toMatch(/email/i);
  });

  it('refuses an upload for an unknown campaign and a wrong content type', async () => {
    const unknown = await api<{ code: string }>(`/campaigns/nope/imports`, { method: 'POST', body: 'email\na@b.example\n', headers: { 'content-type': 'text/csv' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('campaign_not_found');
    const json = await api<{ code: string; details: Array<{ field: string }> }>(`/campaigns/${campaign}/imports`, { method: 'POST', json: { email: 'x' } });
    expect(json.status).toBe(415);
    expect(json.body.details[0].field).toBe('Content-Type');
  });

  it('shows progress while a large file is imported', async () => {
    const rows = ['email,company'];
    for (let i = 0; i < 30_000; i++) rows.push(`bulk${i}@progress.example,Company ${i}`);
    const res = await api<ImportJob>(`/campaigns/${campaign}-bulk/imports?fileName=bulk.csv`, { method: 'POST', body: rows.join('\n'), headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(202);
    const seen: number[] = [];
    const done = await eventually(async () => {
      const j = await api<ImportJob & { progress: { bytesRead: number; bytesTotal: number } }>(`/imports/${res.body.id}`);
      seen.push(j.body.counts.total);
      return j.body.status === 'completed' ? j.body : undefined;
    }, 'the bulk import', 120_000);
    expect(done.counts).toMatchObject({ total: 30_000, imported: 30_000, created: 30_000 });
    // Counts were visible part-way, and never went backwards.
    expect(seen.some((n) => n > 0 && n < 30_000)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('pages through leads with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: LeadPage } = await api<LeadPage>(`/leads?campaignId=${campaign}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((l) => l.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });
});
