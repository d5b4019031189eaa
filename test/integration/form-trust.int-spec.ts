import { Client, Connection } from '@temporalio/client';
import { createHmac } from 'node:crypto';
import { dailyPipelineWorkflow } from '#libs/contracts';
import { workflowHandle } from '#libs/temporal';
import { api, eventually, testStack } from '../setup/test-stack.js';

// A public form is posted by strangers: it may add a lead to its own campaign and fill empty fields, never
// overwrite what an import stored or touch what another campaign owns.
const campaignA = 'it-trust-import';
const campaignB = 'it-trust-form';
const email = 'vera@trust-rocket.example';
const csv = ['Email,First Name,Title,Company,Company Domain,Industry,Employees,Country', `${email},Vera,VP Sales,Rocket Software,trust-rocket.example,Software,250,US`].join('\n');

interface Lead {
  id: string;
  title: string | null;
  company: string | null;
  city: string | null;
  lastName: string | null;
  campaigns: string[];
  fieldSources: Record<string, string>;
  provenance: Array<{ source: string; sourceRef: string | null; refusedFields: string[] }>;
}
interface Form {
  formId: string;
  campaignId: string;
  signingSecret: string | null;
}

let client: Client;
let leadId: string;
let formB: Form;

const journeyA = async () => (await api<Record<string, unknown>>(`/leads/${leadId}/journey?campaignId=${campaignA}`)).body;
const lead = async (id = leadId) => (await api<Lead>(`/leads/${id}`)).body;
const postForm = (formId: string, body: string, headers: Record<string, string> = {}) =>
  api<{ leadId: string; created: boolean; code?: string }>(`/forms/${formId}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

beforeAll(async () => {
  const stack = testStack();
  client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: stack.namespace });
  for (const id of [campaignA, campaignB]) {
    expect((await api('/campaigns', { method: 'POST', json: { id, name: id } })).status).toBe(201);
    expect((await api(`/campaigns/${id}/sources`, { method: 'PUT', json: { sources: [{ source: 'drop-folder', enabled: true }] } })).status).toBe(200);
  }
  const upload = await api<{ id: string }>(`/campaigns/${campaignA}/imports?fileName=trust.csv`, { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  expect([upload.status, upload.body]).toEqual([202, expect.anything()]);
  await eventually(async () => ((await api<{ status: string }>(`/imports/${upload.body.id}`)).body.status === 'completed' ? true : undefined), 'the import');
  leadId = (await api<{ items: Array<{ id: string }> }>(`/leads?campaignId=${campaignA}`)).body.items[0]!.id;
  // Campaign A scores, qualifies and routes the lead, so there is something of A's a form could disturb.
  const run = await api<{ workflowId: string; runId: string }>('/pipeline/runs', { method: 'POST', json: { campaignId: campaignA } });
  expect(run.status).toBe(202);
  await workflowHandle(client, dailyPipelineWorkflow, run.body.workflowId, run.body.runId).result();
  const created = await api<Form>(`/campaigns/${campaignB}/forms`, { method: 'POST', json: {} });
  expect(created.status).toBe(201);
  formB = created.body;
});

afterAll(() => client?.connection.close());

describe('a public form for an address another campaign imported', () => {
  it('joins its own campaign and fills empty fields, but changes no imported field and nothing of the other campaign', async () => {
    const before = await lead();
    const beforeJourney = await journeyA();
    expect(beforeJourney.score).not.toBeNull();

    const res = await postForm(formB.formId, new URLSearchParams({ email: 'Vera@Trust-Rocket.example', title: 'Intern', company: 'Evil Corp', city: 'Lisbon', consent: 'yes' }).toString());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ leadId, created: false });

    const after = await lead();
    expect({ title: after.title, company: after.company }).toEqual({ title: 'VP Sales', company: 'Rocket Software' });
    expect(after.fieldSources).toMatchObject({ title: 'csv', company: 'csv', city: 'web-form' });
    expect(after.city).toBe('Lisbon'); // it was empty
    expect(after.campaigns).toEqual([campaignA, campaignB]);
    expect(before.campaigns).toEqual([campaignA]);
    expect(await journeyA()).toEqual(beforeJourney);

    const attempt = after.provenance.find((p) => p.source === 'web-form');
    expect(attempt).toMatchObject({ sourceRef: `form ${formB.formId}`, refusedFields: ['title', 'company'] });
    expect(after.provenance.find((p) => p.source === 'csv')?.refusedFields).toEqual([]);
  });

  it('creates a lead for a new address in its own campaign only', async () => {
    const res = await postForm(formB.formId, JSON.stringify({ email: 'new.person@trust-form.example', title: 'Founder' }), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(true);
    const created = await lead(res.body.leadId);
    expect(created.title).toBe('Founder');
    expect(created.campaigns).toEqual([campaignB]);
  });

  it('answers 404 for a form id that does not exist, and the old campaign path is gone', async () => {
    expect((await postForm('00000000-0000-4000-8000-000000000000', `email=${encodeURIComponent(email)}&title=CEO`)).status).toBe(404);
    expect((await postForm(campaignA, `email=${encodeURIComponent(email)}&title=CEO`)).status).toBe(400);
    expect((await lead()).title).toBe('VP Sales');
  });
});

describe('a form with a signing secret', () => {
  let signed: Form;
  // A signing secret lives on a web server that relays its form (a browser cannot keep a secret).
  const body = JSON.stringify({ email: 'signed.person@trust-form.example', lastName: 'Signed' });
  const json = { 'content-type': 'application/json' };
  const sign = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

  beforeAll(async () => {
    const created = await api<Form>(`/campaigns/${campaignB}/forms`, { method: 'POST', json: { signed: true } });
    expect(created.status).toBe(201);
    signed = created.body;
    expect(signed.signingSecret).toEqual(expect.any(String));
  });

  it('refuses unsigned and wrongly signed posts, and stores nothing from them', async () => {
    const other = JSON.stringify({ email: 'signed.person@trust-form.example', lastName: 'Signed', title: 'CEO' });
    for (const headers of [{} as Record<string, string>, { 'x-form-signature': sign('not-the-secret', body) }, { 'x-form-signature': sign(signed.signingSecret!, other) }]) {
      const res = await postForm(signed.formId, body, { ...json, ...headers });
      expect([res.status, res.body.code]).toEqual([401, 'form_signature_invalid']);
    }
    const found = await api<{ items: unknown[] }>(`/leads?q=signed.person`);
    expect(found.body.items).toEqual([]);
  });

  it('accepts a post signed over its raw body', async () => {
    const res = await postForm(signed.formId, body, { ...json, 'x-form-signature': sign(signed.signingSecret!, body) });
    expect(res.status).toBe(200);
    expect((await lead(res.body.leadId)).lastName).toBe('Signed');
  });

  it('checks a urlencoded post against its raw bytes too', async () => {
    const form = new URLSearchParams({ email: 'signed.form@trust-form.example', lastName: 'Encoded' }).toString();
    expect((await postForm(signed.formId, form, { 'x-form-signature': sign(signed.signingSecret!, form + '&x=1') })).status).toBe(401);
    const res = await postForm(signed.formId, form, { 'x-form-signature': sign(signed.signingSecret!, form) });
    expect(res.status).toBe(200);
    expect((await lead(res.body.leadId)).lastName).toBe('Encoded');
  });
});
