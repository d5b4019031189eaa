import { api } from '../setup/test-stack.js';

interface ErrorBody {
  code: string;
  message: string;
  details: Array<{ field?: string; message: string }>;
}

const campaign = 'it-leads';
let formId: string;

beforeAll(async () => {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Lead API tests' } })).status).toBe(201);
  const form = await api<{ formId: string }>(`/campaigns/${campaign}/forms`, { method: 'POST', json: {} });
  expect(form.status).toBe(201);
  formId = form.body.formId;
});

describe('single leads and web forms', () => {
  it('creates a lead and merges by normalised email with source precedence', async () => {
    const fromForm = await api<{ leadId: string; created: boolean }>(`/forms/${formId}`, {
      method: 'POST',
      body: new URLSearchParams({ email: '  Hedy@Lamarr.Example ', firstName: 'Hedy', title: 'Inventor', consent: 'yes' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(fromForm.status).toBe(200);
    expect(fromForm.body.created).toBe(true);

    const byHand = await api<{ id: string; created: boolean; title: string; firstName: string; fieldSources: Record<string, string> }>('/leads', {
      method: 'POST',
      json: { campaignId: campaign, email: 'hedy@lamarr.example', title: 'Chief Inventor' },
    });
    expect(byHand.status).toBe(200);
    expect(byHand.body.created).toBe(false);
    expect(byHand.body.id).toBe(fromForm.body.leadId);
    expect(byHand.body.title).toBe('Chief Inventor'); // api (typed by a person) outranks web-form
    expect(byHand.body.firstName).toBe('Hedy'); // empty never erases
    expect(byHand.body.fieldSources).toMatchObject({ title: 'api', firstName: 'web-form' });
  });

  it('rejects a bad lead naming each field', async () => {
    const res = await api<ErrorBody>('/leads', { method: 'POST', json: { campaignId: campaign, email: 'nobody@', employeeCount: -3, shoeSize: 44 } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_lead');
    const fields = res.body.details.map((d) => d.field).sort();
    expect(fields).toEqual(['email', 'employeeCount', 'shoeSize']);
  });

  it('answers 413 for an oversized body and 400 for malformed JSON', async () => {
    const big = await api<ErrorBody>('/leads', { method: 'POST', json: { campaignId: campaign, email: 'a@b.example', notes: 'x'.repeat(400_000) } });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
    const broken = await api<ErrorBody>('/leads', { method: 'POST', body: '{"email": ', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('malformed_json');
  });

  it('refuses prototype-polluting keys', async () => {
    const res = await api<ErrorBody>('/leads', { method: 'POST', body: '{"campaignId":"it-leads","email":"p@proto.example","__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.field)).toContain('__proto__');
  });

  it('validates list queries and campaign bodies with field names', async () => {
    const badLimit = await api<ErrorBody>('/leads?limit=5000');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.details[0].field).toBe('limit');
    const badCampaign = await api<ErrorBody>('/campaigns', { method: 'POST', json: { id: 'Has Spaces', name: '', timeZone: 'Mars/Base', extra: 1 } });
    expect(badCampaign.status).toBe(400);
    expect(badCampaign.body.details.map((d) => d.field).sort()).toEqual(['extra', 'id', 'name', 'timeZone']);
  });

  it('answers 404 with the error shape for an unknown lead', async () => {
    const res = await api<ErrorBody>('/leads/00000000-0000-0000-0000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'lead_not_found', message: expect.any(String), details: [] });
  });
});
