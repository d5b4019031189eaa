import { api, eventually, internal } from '../setup/test-stack.js';

interface ErrorBody {
  code: string;
  message: string;
  details: Array<{ field?: string; message: string }>;
}
interface Lead {
  id: string;
  email: string;
  company: string | null;
  title: string | null;
}
interface ImportJob {
  id: string;
  status: string;
  counts: Record<string, number>;
}

const campaign = 'it-strict';
// Domains of their own so no other spec's leads are involved.
const beta = 'beta-strict.example';
const acme = 'acme-strict.example';
const leadIds: Record<string, string> = {};

// PostgreSQL's own words for a refused value; none of them may reach a client.
const RAW_DATABASE_TEXT = /22021|22P02|invalid byte sequence|invalid input syntax|UTF8|0x00|SELECT|INSERT|\$1/;

beforeAll(async () => {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Intake strictness' } })).status).toBe(201);
  for (const email of [`bo@${beta}`, `ana@${acme}`]) {
    const res = await api<Lead>('/leads', { method: 'POST', json: { campaignId: campaign, email, company: 'Stored Company', title: 'Stored Title' } });
    expect(res.status).toBe(200);
    leadIds[email] = res.body.id;
  }
});

async function expectUntouched() {
  for (const [email, id] of Object.entries(leadIds)) {
    const lead = await api<Lead>(`/leads/${id}`);
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({ email, company: 'Stored Company', title: 'Stored Title' });
  }
}

describe('malformed addresses never merge into a stored lead', () => {
  // Each of these used to be cut down to the stored address and overwrite its company and title.
  const malformed = [`bo@${beta}/anything`, `bo@${beta}?x#y`, `ana@${acme}\\evil.com`, `bo@${beta}%2Fx`, `ana@${acme}:25`];

  it.each(malformed)('POST /leads refuses %s naming the email field', async (email) => {
    const res = await api<ErrorBody>('/leads', { method: 'POST', json: { campaignId: campaign, email, company: 'Evil Corp', title: 'Owned' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_lead');
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));
    await expectUntouched();
  });

  it('a CSV import rejects them line by line and leaves the stored leads alone', async () => {
    const csv = ['Email,Company,Title', ...malformed.map((e) => `"${e}",Evil Corp,Owned`), `cy@${beta},New Company,New Title`].join('\n');
    const started = await api<ImportJob>(`/campaigns/${campaign}/imports?fileName=strict.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(started.status).toBe(202);
    const job = await eventually(async () => {
      const j = await api<ImportJob>(`/imports/${started.body.id}`);
      return j.body.status === 'completed' || j.body.status === 'failed' ? j.body : undefined;
    }, 'the import to finish');
    expect(job.status).toBe('completed');
    const rejections = await api<Array<{ line: number; field: string | null; reason: string }>>(`/imports/${job.id}/rejections`);
    expect(rejections.body.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    for (const r of rejections.body) {
      expect(r.field).toBe('email');
      expect(r.reason).toContain('domain contains');
    }
    await expectUntouched();
  });
});

describe('internal routes check ids and text before SQL', () => {
  const someLead = '00000000-0000-4000-8000-000000000000';
  const probes: Array<['harvest' | 'scoring' | 'qualification' | 'routing' | 'nurture', string, string, string]> = [
    ['harvest', 'GET', '/internal/leads/%00', 'id'],
    ['harvest', 'GET', `/internal/leads/${someLead}%00`, 'id'],
    ['harvest', 'GET', '/internal/imports/%00', 'id'],
    ['harvest', 'GET', '/internal/imports?campaignId=%00', 'campaignId'],
    ['harvest', 'GET', '/internal/leads?q=acme%00', 'q'],
    ['scoring', 'GET', `/internal/campaigns/it-strict/leads/${someLead}%00/score`, 'leadId'],
    ['qualification', 'GET', `/internal/campaigns/it-strict/leads/%00/qualification`, 'leadId'],
    ['nurture', 'GET', '/internal/suppressions/address/a%00%40b.example', 'value'],
    ['nurture', 'DELETE', '/internal/suppressions/address/a%00%40b.example', 'value'],
    ['routing', 'GET', `/internal/campaigns/it%00strict/leads/${someLead}/route`, 'campaignId'],
  ];

  it.each(probes)('%s %s %s answers 400 naming %s', async (service, method, path, field) => {
    const res = await internal<ErrorBody>(service, path, { method });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_input', details: [{ field }] });
    expect(JSON.stringify(res.body)).not.toMatch(RAW_DATABASE_TEXT);
  });

  it('answers 5,000 levels of JSON with 400 on the internal routes too', async () => {
    const body = '['.repeat(5_000) + ']'.repeat(5_000);
    for (const [service, path] of [['harvest', '/internal/lead-facts/by-ids'], ['nurture', '/internal/suppressions'], ['scoring', '/internal/scores/by-ids']] as const) {
      const res = await internal<ErrorBody>(service, path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'json_too_deep', message: 'JSON nested deeper than 64 levels' });
    }
  });
});

describe('JSON nesting is limited before parsing', () => {
  const deepArray = '['.repeat(5_000) + ']'.repeat(5_000);
  const deepObject = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
  const routes: Array<[string, string]> = [
    ['POST', '/leads'],
    ['POST', '/campaigns'],
    ['PUT', '/campaigns/it-strict/sources'],
    ['POST', '/suppressions'],
    ['POST', '/pipeline/runs'],
    ['POST', `/leads/00000000-0000-4000-8000-000000000000/touch`],
  ];

  it.each(routes)('%s %s answers 5,000 levels with 400 naming the limit', async (method, path) => {
    for (const body of [deepArray, deepObject]) {
      const res = await api<ErrorBody>(path, { method, body, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'json_too_deep', message: 'JSON nested deeper than 64 levels' });
    }
  });

  it('lets 64 levels through to ordinary validation', async () => {
    const body = JSON.stringify({ campaignId: campaign, email: `deep@${beta}`, notes: JSON.parse('['.repeat(63) + ']'.repeat(63)) });
    const res = await api<ErrorBody>('/leads', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_lead');
  });
});
