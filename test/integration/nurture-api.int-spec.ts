import { api, eventually, internal } from '../setup/test-stack.js';

/**
 * The API's nurture routes against the real nurture service: definitions are validated (400 naming the field
 * before the service is asked, the service's 422 passed through with its details), versioned, and read back; a
 * new campaign's time zone reaches nurture; a lead's nurture status says when the lead is not enrolled.
 */
const campaign = 'it-nurture-api';
const zone = 'America/Chicago';

interface ErrorBody {
  code: string;
  message: string;
  details: Array<{ field?: string; message: string }>;
}
const fields = (body: ErrorBody) => body.details.map((d) => d.field);

const template = { id: 'intro', subject: 'Hello {{firstName}}', html: '<p>Hi {{firstName}} at {{company}}</p>', fallbacks: { firstName: 'there', company: 'your team' } };
const sequence = {
  id: 'welcome',
  name: 'Welcome',
  steps: [
    { businessDays: 0, variants: [{ id: 'a', templateId: 'intro', weight: 1 }] },
    { businessDays: 3, variants: [{ id: 'a', templateId: 'intro', weight: 2 }, { id: 'b', templateId: 'intro', weight: 1 }] },
  ],
};

beforeAll(async () => {
  expect((await api('/campaigns', { method: 'POST', json: { id: campaign, name: 'Nurture API', timeZone: zone } })).status).toBe(201);
});

describe('nurture through the API', () => {
  it("tells nurture a new campaign's time zone, with the default weekday window", async () => {
    const settings = await api<{ timeZone: string; window: Record<string, unknown> }>(`/campaigns/${campaign}/nurture/settings`);
    expect(settings.status).toBe(200);
    expect(settings.body.timeZone).toBe(zone);
    expect(Object.keys(settings.body.window).sort()).toEqual(['fri', 'mon', 'thu', 'tue', 'wed']);
    // The service itself holds it (not an API default).
    const stored = await internal<{ timeZone: string }>('nurture', `/internal/campaigns/${campaign}/nurture-settings`);
    expect(stored.body.timeZone).toBe(zone);
  });

  it('creates, versions and reads templates and sequences', async () => {
    const created = await api<{ id: string; version: number }>(`/campaigns/${campaign}/templates`, { method: 'POST', json: template });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'intro', version: 1 });
    expect((await api(`/campaigns/${campaign}/templates`, { method: 'POST', json: template })).status).toBe(409);

    const seq = await api<{ id: string; version: number }>(`/campaigns/${campaign}/sequences`, { method: 'POST', json: sequence });
    expect(seq.status).toBe(201);
    const { id: _id, ...rest } = sequence;
    const v2 = await api<{ version: number; name: string }>(`/campaigns/${campaign}/sequences/welcome`, { method: 'PUT', json: { ...rest, name: 'Welcome, v2' } });
    expect(v2.status).toBe(200);
    expect(v2.body.version).toBe(2);
    expect((await api<{ name: string }>(`/campaigns/${campaign}/sequences/welcome`)).body.name).toBe('Welcome, v2');
    expect((await api<{ name: string }>(`/campaigns/${campaign}/sequences/welcome?version=1`)).body.name).toBe('Welcome');
    const list = await api<{ items: Array<{ id: string }> }>(`/campaigns/${campaign}/sequences`);
    expect(list.body.items.map((s) => s.id)).toEqual(['welcome']);
    expect((await api(`/campaigns/${campaign}/sequences/nope`)).status).toBe(404);
    expect((await api('/campaigns/no-such-campaign/sequences')).status).toBe(404);
  });

  it('refuses a malformed definition with 400 naming the field, before nurture sees it', async () => {
    const bad = await api<ErrorBody>(`/campaigns/${campaign}/sequences`, {
      method: 'POST',
      json: { ...sequence, id: 'bad', steps: [{ businessDays: 0, variants: [{ id: 'a', templateId: 'intro', weight: 0 }] }] },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['steps.0.variants.0.weight']);
    const window = await api<ErrorBody>(`/campaigns/${campaign}/nurture/settings`, { method: 'PUT', json: { window: { mon: { start: '9am', end: '17:00' } } } });
    expect(window.status).toBe(400);
    expect(fields(window.body)).toEqual(['window.mon.start']);
    const mailbox = await api<ErrorBody>('/mailboxes', { method: 'POST', json: { id: 'it-api-box', address: 'not an address', displayName: 'Box', dailyCap: 10, hourlyCap: 5 } });
    expect(mailbox.status).toBe(400);
    expect(fields(mailbox.body)).toEqual(['address']);
  });

  it("passes the nurture service's 422 through with its details", async () => {
    const missingTemplate = await api<ErrorBody>(`/campaigns/${campaign}/sequences`, {
      method: 'POST',
      json: { id: 'orphan', name: 'Orphan', steps: [{ businessDays: 0, variants: [{ id: 'a', templateId: 'does-not-exist', weight: 1 }] }] },
    });
    expect(missingTemplate.status).toBe(422);
    expect(missingTemplate.body.details.map((d) => `${d.field} ${d.message}`).join(' ')).toMatch(/does-not-exist/);
    const backwards = await api<ErrorBody>(`/campaigns/${campaign}/nurture/settings`, { method: 'PUT', json: { window: { mon: { start: '17:00', end: '09:00' } } } });
    expect(backwards.status).toBe(422);
    expect(backwards.body.details.map((d) => d.field).join(' ')).toMatch(/mon/);
    const broken = await api<ErrorBody>(`/campaigns/${campaign}/templates`, { method: 'POST', json: { id: 'broken', subject: 'Hi {{firstName', html: '<p>x</p>' } });
    expect(broken.status).toBe(422);
  });

  it('keeps mailboxes with caps and warm-up, naming an unknown campaign', async () => {
    const box = { id: 'it-api-box', address: 'box@it-nurture-api.example', displayName: 'API box', dailyCap: 40, hourlyCap: 10, warmup: { startedOn: '2026-01-05', startCap: 10, dailyIncrease: 5 }, campaigns: [{ campaignId: campaign, weight: 1 }] };
    expect((await api('/mailboxes', { method: 'POST', json: box })).status).toBe(201);
    const read = await api<{ dailyCap: number; warmup: { startCap: number }; campaigns: Array<{ campaignId: string }> }>('/mailboxes/it-api-box');
    expect(read.body).toMatchObject({ dailyCap: 40, warmup: { startCap: 10 }, campaigns: [{ campaignId: campaign }] });
    const { id: _id, ...fields_ } = box;
    expect((await api<{ dailyCap: number }>('/mailboxes/it-api-box', { method: 'PUT', json: { ...fields_, dailyCap: 60 } })).body.dailyCap).toBe(60);
    const unknown = await api<ErrorBody>('/mailboxes/it-api-box', { method: 'PUT', json: { ...fields_, campaigns: [{ campaignId: 'no-such-campaign', weight: 1 }] } });
    expect(unknown.status).toBe(404);
    expect(fields(unknown.body)).toEqual(['campaigns.0.campaignId']);
    expect((await api<{ items: Array<{ id: string }> }>('/mailboxes')).body.items.map((m) => m.id)).toContain('it-api-box');
  });

  it('answers 404 naming the campaign for a lead that is not enrolled in it', async () => {
    const leadId = '00000000-0000-7000-8000-0000000000aa';
    const res = await api<ErrorBody>(`/leads/${leadId}/nurture?campaignId=${campaign}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('lead_not_enrolled');
    expect(res.body.message).toContain(campaign);
    const all = await api<{ leadId: string; items: unknown[] }>(`/leads/${leadId}/nurture`);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ leadId, items: [] });
    expect((await api<ErrorBody>(`/leads/not-a-uuid/nurture`)).status).toBe(400);
  });

  it('pauses and resumes nurture for a campaign, audited with the reason', async () => {
    const paused = await api(`/campaigns/${campaign}/nurture/pause`, { method: 'POST', json: { reason: 'copy review' } });
    expect(paused.status).toBe(200);
    expect((await api<{ state: string }>(`/campaigns/${campaign}/nurture`)).body.state).toBe('paused');
    expect((await api(`/campaigns/${campaign}/nurture/resume`, { method: 'POST', json: { reason: 'copy approved' } })).status).toBe(200);
    expect((await api<{ state: string }>(`/campaigns/${campaign}/nurture`)).body.state).toBe('active');
    const noReason = await api<ErrorBody>(`/campaigns/${campaign}/nurture/pause`, { method: 'POST', json: {} });
    expect(noReason.status).toBe(400);
    expect(fields(noReason.body)).toEqual(['reason']);
    // The audit entry is written once the answer has gone out: look for it until it lands.
    const pauseEntry = await eventually(async () => {
      const audit = await api<{ items: Array<{ status: number; target: Record<string, string> }> }>('/audit?limit=200');
      return audit.body.items.find((e) => e.target?.action === 'pause' && e.target?.id === campaign);
    }, 'the pause in the audit trail');
    expect(pauseEntry).toEqual(expect.objectContaining({ status: 200, target: { id: campaign, action: 'pause', reason: 'copy review' } }));
  });

  it('stops nurture for good: a stopped campaign cannot be resumed', async () => {
    const stopped = await api<{ state: string }>(`/campaigns/${campaign}/nurture/stop`, { method: 'POST', json: { reason: 'campaign over' } });
    expect(stopped.status).toBe(200);
    expect(stopped.body.state).toBe('stopped');
    expect((await api<{ state: string }>(`/campaigns/${campaign}/nurture`)).body.state).toBe('stopped');
    const resumed = await api<ErrorBody>(`/campaigns/${campaign}/nurture/resume`, { method: 'POST', json: { reason: 'try again' } });
    expect(resumed.status).toBe(409);
    expect(resumed.body.code).toBe('campaign_stopped');
  });
});
