import { internal } from '../setup/test-stack.js';

/**
 * The nurture service's definition routes: validation answers name the field, sequences and templates are
 * versioned, a sequence naming a missing template is refused, mailboxes and settings keep their shape.
 */
const CAMPAIGN = 'it-nurture-defs';
const base = `/internal/campaigns/${CAMPAIGN}`;

interface Refusal {
  code: string;
  message: string;
  details: Array<{ field: string; message: string; line?: number; column?: number }>;
}

const send = <T = unknown>(method: string, path: string, json?: unknown) => internal<T>('nurture', path, { method, ...(json !== undefined ? { json } : {}) });
const step = (businessDays: number, templateId = 'intro', weight = 1) => ({ businessDays, variants: [{ id: 'a', templateId, weight }] });

describe('templates', () => {
  it('are created as version 1 and changed as version n+1; GET answers the latest or the asked version', async () => {
    const created = await send<{ version: number }>('POST', `${base}/templates`, { id: 'intro', subject: 'Hi {{firstName}}', html: '<p>Hello {{firstName}} at {{company}}</p>', fallbacks: { firstName: 'there' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ campaignId: CAMPAIGN, id: 'intro', version: 1, text: null });
    const changed = await send<{ version: number }>('PUT', `${base}/templates/intro`, { id: 'intro', subject: 'Hello {{firstName}}', html: '<p>v2</p>' });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    expect((await send<{ version: number; subject: string }>('GET', `${base}/templates/intro`)).body).toMatchObject({ version: 2, subject: 'Hello {{firstName}}' });
    expect((await send<{ version: number; subject: string }>('GET', `${base}/templates/intro?version=1`)).body).toMatchObject({ version: 1, subject: 'Hi {{firstName}}' });
    expect((await send('GET', `${base}/templates/intro?version=7`)).status).toBe(404);
    expect((await send('GET', `${base}/templates/intro?version=first`)).status).toBe(400);
    expect((await send<{ items: Array<{ id: string; version: number }> }>('GET', `${base}/templates`)).body.items.map((t) => [t.id, t.version])).toEqual([['intro', 2]]);
  });

  it('refuses a second POST of the same id, and a template that does not compile, naming the part', async () => {
    expect((await send<Refusal>('POST', `${base}/templates`, { id: 'intro', subject: 'x', html: '<p>x</p>' })).status).toBe(409);
    const broken = await send<Refusal>('POST', `${base}/templates`, { id: 'broken', subject: 'Hi', html: '<p>{{#if firstName}}Hello</p>' });
    expect(broken.status).toBe(422);
    expect(broken.body.code).toBe('invalid_template');
    expect(broken.body.details[0]).toMatchObject({ field: 'html' });
    expect(broken.body.details[0]!.line).toBe(1);
    const shape = await send<Refusal>('POST', `${base}/templates`, { id: 'Bad Id', subject: 42, html: '<p>x</p>', extra: true });
    expect(shape.status).toBe(422);
    expect(shape.body.details.map((d) => d.message).sort()).toEqual(['extra is not a known property', 'id must be a template id: 1-63 lower-case letters, digits or dashes', 'subject must be text'].sort());
    expect((await send('GET', `${base}/templates/broken`)).status).toBe(404);
  });
});

describe('sequences', () => {
  it('refuse a step naming a template the campaign does not have, and name every bad field', async () => {
    const missing = await send<Refusal>('POST', `${base}/sequences`, { id: 'warm', name: 'Warm', steps: [step(0), step(3, 'nope')] });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 'invalid_sequence' });
    expect(missing.body.details).toEqual([{ field: 'steps[1].variants[0].templateId', message: `steps[1].variants[0].templateId names template nope, which campaign ${CAMPAIGN} does not have` }]);
    const weights = await send<Refusal>('POST', `${base}/sequences`, { id: 'warm', name: 'Warm', steps: [step(0), step(3), step(7, 'intro', 0)] });
    expect(weights.status).toBe(422);
    expect(weights.body.details).toEqual([{ field: 'steps[2].variants[0].weight', message: 'steps[2].variants[0].weight must be ≥ 1' }]);
  });

  it('are versioned: the default cadence fills left-out days, PUT makes n+1, old versions stay readable', async () => {
    const created = await send<{ version: number; steps: Array<{ businessDays: number }> }>('POST', `${base}/sequences`, {
      id: 'warm',
      name: 'Warm',
      steps: [{ variants: [{ id: 'a', templateId: 'intro', weight: 1 }] }, { variants: [{ id: 'a', templateId: 'intro', weight: 3 }, { id: 'b', templateId: 'intro', weight: 1 }] }, step(9)],
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    expect(created.body.steps.map((s) => s.businessDays)).toEqual([0, 3, 9]);
    const changed = await send<{ version: number }>('PUT', `${base}/sequences/warm`, { id: 'warm', name: 'Warm v2', steps: [step(0), step(5)] });
    expect(changed.body.version).toBe(2);
    expect((await send<{ version: number; name: string }>('GET', `${base}/sequences/warm`)).body).toMatchObject({ version: 2, name: 'Warm v2' });
    expect((await send<{ version: number; steps: unknown[] }>('GET', `${base}/sequences/warm?version=1`)).body).toMatchObject({ version: 1, steps: expect.any(Array) });
    const clash = await send<Refusal>('PUT', `${base}/sequences/warm`, { id: 'cold', name: 'x', steps: [step(0)] });
    expect(clash.status).toBe(422);
    expect(clash.body.details[0]!.field).toBe('id');
    expect((await send('GET', `${base}/sequences/none`)).status).toBe(404);
  });
});

describe('mailboxes', () => {
  const mailbox = { id: 'it-defs-mb', address: 'Team@Defs-Sender.example', displayName: 'Defs Team', ownerId: 'alice', dailyCap: 40, hourlyCap: 8, minSpacingSeconds: 60 };

  it('keep caps, warm-up, owner and campaign weights', async () => {
    const created = await send<Record<string, unknown>>('POST', '/internal/mailboxes', { ...mailbox, warmup: { startedOn: '2026-12-01', startCap: 10, dailyIncrease: 5 }, campaigns: [{ campaignId: CAMPAIGN, weight: 2 }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'it-defs-mb', ownerId: 'alice', dailyCap: 40, hourlyCap: 8, minSpacingSeconds: 60, active: true, warmup: { startedOn: '2026-12-01', startCap: 10, dailyIncrease: 5 }, campaigns: [{ campaignId: CAMPAIGN, weight: 2 }] });
    const updated = await send<Record<string, unknown>>('PUT', '/internal/mailboxes/it-defs-mb', { ...mailbox, id: undefined, dailyCap: 60, warmup: null, active: false });
    expect(updated.body).toMatchObject({ dailyCap: 60, warmup: null, active: false, campaigns: [{ campaignId: CAMPAIGN, weight: 2 }] });
    expect((await send<{ items: Array<{ id: string }> }>('GET', '/internal/mailboxes')).body.items.map((m) => m.id)).toContain('it-defs-mb');
    expect((await send('GET', '/internal/mailboxes/none')).status).toBe(404);
  });

  it('refuse a taken id or address, an hourly cap above the daily one, a bad warm-up date', async () => {
    expect((await send('POST', '/internal/mailboxes', mailbox)).status).toBe(409);
    expect((await send<Refusal>('POST', '/internal/mailboxes', { ...mailbox, id: 'it-defs-other', address: 'team@defs-sender.example' })).status).toBe(409);
    const bad = await send<Refusal>('POST', '/internal/mailboxes', { ...mailbox, id: 'it-defs-bad', address: 'bad@defs-sender.example', hourlyCap: 50, warmup: { startedOn: '2026-13-01', startCap: 1, dailyIncrease: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d) => d.message).sort()).toEqual(['hourlyCap must not exceed dailyCap (40)', 'warmup.startedOn must be a real date YYYY-MM-DD'].sort());
  });
});

describe('campaign nurture settings', () => {
  it('start from the defaults and merge what is sent', async () => {
    const initial = await send<Record<string, unknown>>('GET', `${base}/nurture-settings`);
    expect(initial.body).toMatchObject({ campaignId: CAMPAIGN, state: 'active', timeZone: 'UTC', blackoutDates: [], jitterSeconds: 600, dailyNewLeadLimit: null, saved: false });
    const put = await send<Record<string, unknown>>('PUT', `${base}/nurture-settings`, { timeZone: 'Europe/Madrid', blackoutDates: ['2026-12-25', '2026-12-24', '2026-12-25'], dailyNewLeadLimit: 25 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ timeZone: 'Europe/Madrid', blackoutDates: ['2026-12-24', '2026-12-25'], dailyNewLeadLimit: 25, jitterSeconds: 600, saved: true });
    const again = await send<Record<string, unknown>>('PUT', `${base}/nurture-settings`, { dailyNewLeadLimit: null, window: { sat: { start: '10:00', end: '14:00' } } });
    expect(again.body).toMatchObject({ timeZone: 'Europe/Madrid', dailyNewLeadLimit: null, window: { sat: { start: '10:00', end: '14:00' } } });
  });

  it('refuse a bad window, bad blackout dates and an unknown zone, naming each', async () => {
    const bad = await send<Refusal>('PUT', `${base}/nurture-settings`, { timeZone: 'Mars/Base', window: { sat: { start: '9am', end: '17:00' }, mon: { start: '18:00', end: '09:00' } }, blackoutDates: ['2026-02-30'] });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d) => d.field).sort()).toEqual(['timeZone']);
    const calendar = await send<Refusal>('PUT', `${base}/nurture-settings`, { window: { sat: { start: '9am', end: '17:00' }, mon: { start: '18:00', end: '09:00' } }, blackoutDates: ['2026-02-30'] });
    expect(calendar.status).toBe(422);
    expect(calendar.body.details.map((d) => d.field).sort()).toEqual(['blackoutDates[0]', 'window.mon', 'window.sat.start']);
    expect(calendar.body.details.find((d) => d.field === 'window.sat.start')!.message).toBe('window.sat.start must be HH:MM (00:00 … 23:59)');
  });
});

describe('ids in paths', () => {
  it('are checked before anything reads them', async () => {
    expect((await send<Refusal>('GET', '/internal/campaigns/Not_A_Campaign/sequences')).status).toBe(400);
    expect((await send<Refusal>('GET', '/internal/leads/42/enrolments')).status).toBe(400);
    expect((await send<{ items: unknown[] }>('GET', '/internal/leads/00000000-0000-4000-8000-000000000000/enrolments')).body.items).toEqual([]);
  });
});
