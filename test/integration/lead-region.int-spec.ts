import type { LeadFacts } from '#libs/contracts';
import { api, eventually, internal } from '../setup/test-stack.js';

// A lead's ISO 3166-2 region arrives through every intake path, upper-case and inside the lead's country (the API
// asks for it so, CSV imports normalise it), and the stages read it from harvest's lead facts: the send calendar's
// regional holidays depend on it.
const campaign = 'it-region';

interface Lead {
  id: string;
  country: string | null;
  region: string | null;
  fieldSources: Record<string, string>;
  provenance: Array<{ source: string; refusedFields: string[] }>;
}
interface ErrorBody {
  code: string;
  details: Array<{ field?: string; message: string }>;
}
interface ImportJob {
  id: string;
  status: string;
  counts: { total: number; imported: number; rejected: number };
}

const createLead = (json: Record<string, unknown>) => api<Lead & ErrorBody>('/leads', { method: 'POST', json: { campaignId: campaign, ...json } });
const facts = async (id: string) => (await internal<{ items: LeadFacts[] }>('harvest', '/internal/lead-facts/by-ids', { method: 'POST', json: { ids: [id] } })).body.items[0]!;
let formId: string;

beforeAll(async () => {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Region tests' } })).status).toBe(201);
  const form = await api<{ formId: string }>(`/campaigns/${campaign}/forms`, { method: 'POST', json: {} });
  expect(form.status).toBe(201);
  formId = form.body.formId;
});

describe('region through the API', () => {
  it('is stored, shown on the lead and served in its lead facts', async () => {
    const created = await createLead({ email: 'rosa@madrid-region.example', country: 'ES', region: 'ES-MD' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ country: 'ES', region: 'ES-MD', fieldSources: { region: 'api' } });
    expect(await facts(created.body.id)).toMatchObject({ country: 'ES', region: 'ES-MD' });
    expect((await api<Lead>(`/leads/${created.body.id}`)).body.region).toBe('ES-MD');
  });

  it('refuses a malformed region and one in another country, naming the field', async () => {
    for (const region of ['Madrid', 'es-md', 'QQ-1', 'ES-MADR']) {
      const malformed = await createLead({ email: 'bad1@region.example', region });
      expect([region, malformed.status, malformed.body.code]).toEqual([region, 400, 'invalid_lead']);
      expect(malformed.body.details.map((d) => d.field)).toEqual(['region']);
    }

    const elsewhere = await createLead({ email: 'bad2@region.example', country: 'ES', region: 'US-CA' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.details).toEqual([expect.objectContaining({ field: 'region', message: expect.stringContaining('US-CA is in US, but country is ES') })]);
    expect((await api<{ items: unknown[] }>(`/leads?campaignId=${campaign}&q=bad`)).body.items).toEqual([]);
  });

  it('drops a stored region when a person moves the lead to another country without one', async () => {
    const first = await createLead({ email: 'mover@region.example', country: 'ES', region: 'ES-CT' });
    const moved = await createLead({ email: 'mover@region.example', country: 'US' });
    expect(moved.body).toMatchObject({ id: first.body.id, country: 'US', region: null });
    expect(await facts(first.body.id)).toMatchObject({ country: 'US', region: null });
  });
});

describe('region through web forms', () => {
  const post = (fields: Record<string, string>) =>
    api<{ leadId: string; created: boolean } & ErrorBody>(`/forms/${formId}`, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  it('fills an empty region, never one outside the stored country', async () => {
    const created = await post({ email: 'form@region.example', country: 'DE', region: 'DE-BY', consent: 'yes' });
    expect(created.status).toBe(200);
    expect((await api<Lead>(`/leads/${created.body.leadId}`)).body).toMatchObject({ country: 'DE', region: 'DE-BY' });

    const typed = await createLead({ email: 'typed@region.example', country: 'FR' });
    const fromForm = await post({ email: 'typed@region.example', country: 'US', region: 'US-NY' });
    expect(fromForm.status).toBe(200);
    const lead = (await api<Lead>(`/leads/${typed.body.id}`)).body;
    expect(lead).toMatchObject({ country: 'FR', region: null });
    expect(lead.provenance.find((p) => p.source === 'web-form')?.refusedFields).toEqual(['country', 'region']);
  });

  it('refuses a region in another country than the form gives', async () => {
    const res = await post({ email: 'form2@region.example', country: 'DE', region: 'AT-9' });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.field)).toEqual(['region']);
  });
});

describe('region through CSV import', () => {
  it('maps a State column, completes bare codes with the country and rejects mismatches by line', async () => {
    const csv = ['Email,State,Country', 'ana@csv-region.example,CA,US', 'ben@csv-region.example,es-an,Spain', 'cy@csv-region.example,US-TX,DE', 'dee@csv-region.example,,FR'].join('\n');
    const upload = await api<ImportJob>(`/campaigns/${campaign}/imports?fileName=regions.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(upload.status).toBe(202);
    const job = await eventually(async () => {
      const j = (await api<ImportJob>(`/imports/${upload.body.id}`)).body;
      return j.status === 'completed' || j.status === 'failed' ? j : undefined;
    }, 'the region import');
    expect(job).toMatchObject({ status: 'completed', counts: { total: 4, imported: 3, rejected: 1 } });
    const rejections = (await api<Array<{ line: number; field: string | null; reason: string }>>(`/imports/${job.id}/rejections`)).body;
    expect(rejections).toEqual([expect.objectContaining({ line: 4, field: 'region', reason: "region US-TX is in US, but the lead's country is DE" })]);

    const leads = (await api<{ items: Array<Lead & { email: string }> }>(`/leads?campaignId=${campaign}&limit=100`)).body.items;
    const byEmail = Object.fromEntries(leads.filter((l) => l.email.endsWith('@csv-region.example')).map((l) => [l.email, l.region]));
    expect(byEmail).toEqual({ 'ana@csv-region.example': 'US-CA', 'ben@csv-region.example': 'ES-AN', 'dee@csv-region.example': null });
  });
});
